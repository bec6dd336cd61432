package dev.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.detect.FaceCandidate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JavaCV decoding peer finds the faces fer-detect finds, on the same recorded outputs. */
class DecodeParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"ultraface-rfb-320-raw", "yunet-2023mar", "yolov5n-0.5-face", "yolov8-lite-t-face"})
    void decode_opencvPeerFindsTheSameFacesAsFer(String model) {
        DecodeBenchmark bench = new DecodeBenchmark();
        bench.model = model;
        bench.setup();
        List<FaceCandidate> ours = bench.decode_fer();
        List<float[]> theirs = bench.decode_opencv();

        assertThat(ours).as("faces found on the group photo").isNotEmpty();
        assertThat(theirs).hasSameSizeAs(ours);
        for (int i = 0; i < ours.size(); i++) {
            FaceCandidate c = ours.get(i);
            float[] t = theirs.get(i);
            assertThat(t[4]).as("score of face %d", i).isCloseTo(c.score(), within(1e-5f));
            assertThat(t[0]).as("x1 of face %d", i).isCloseTo(c.box().x1(), within(0.01f));
            assertThat(t[1]).as("y1 of face %d", i).isCloseTo(c.box().y1(), within(0.01f));
            assertThat(t[2]).as("x2 of face %d", i).isCloseTo(c.box().x2(), within(0.01f));
            assertThat(t[3]).as("y2 of face %d", i).isCloseTo(c.box().y2(), within(0.01f));
        }
    }
}
