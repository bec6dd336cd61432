package dev.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both sides of {@link ImageDecodeBenchmark} decode each benchmarked file to the same BGR bytes. */
class ImageDecodeParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"single/obama.jpg", "multi/pexels_group_meeting.jpeg", "multi/two_people.jpg",
        "single/astronaut.png"})
    void ferAndImdecode_giveIdenticalPixels(String image) {
        ImageDecodeBenchmark bench = new ImageDecodeBenchmark();
        bench.image = image;
        bench.setup();
        try {
            FerImage ours = bench.fer();
            Mat theirs = bench.opencv();
            assertThat(ours.format()).isEqualTo(PixelFormat.BGR);
            assertThat(theirs.cols()).isEqualTo(ours.width());
            assertThat(theirs.rows()).isEqualTo(ours.height());
            assertThat(Cv.bytes(theirs)).isEqualTo(ours.toByteArray());
        } finally {
            bench.tearDown();
        }
    }
}
