package dev.fer.video.javacv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.image.FerImage;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import dev.fer.video.FrameSourceException;
import dev.fer.video.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoSourcesTest {
    static double[] meanBgr(FerImage im) {
        double[] sum = new double[3];
        byte[] px = im.toByteArray();
        for (int i = 0; i < px.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                sum[c] += px[i + c] & 0xFF;
            }
        }
        int n = im.width() * im.height();
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    @Test
    void file_readsEveryFrameOfTheSharedClip_withItsTimestamps_asIndependentCopies() {
        Object reference = Json.parse(SharedAssets.read(SharedAssets.reference("video_faces.json")));
        List<VideoFrame> frames = new ArrayList<>();
        try (GrabberSource video = VideoSources.file(SharedAssets.video())) {
            assertThat(video.width()).isEqualTo(640);
            assertThat(video.height()).isEqualTo(480);
            assertThat(video.frameRate()).isCloseTo(20.0, within(1e-6));
            assertThat(video.declaredFrames()).hasValue(150);
            Optional<VideoFrame> f;
            while ((f = video.next()).isPresent()) {
                frames.add(f.get());
            }
            assertThat(video.framesRead()).isEqualTo(150);
            assertThat(video.next()).isEmpty();
        }
        assertThat(frames).hasSize(150);
        for (int i : new int[] {0, 1, 29, 30, 75, 149}) {
            assertThat(frames.get(i).seconds()).as("time of frame %d", i).isCloseTo(i / 20.0, within(1e-6));
            double[] expected = Json.nums(reference, "frames", i, "decoded_mean_bgr");
            double[] actual = meanBgr(frames.get(i).image());
            for (int c = 0; c < 3; c++) {
                // frames read later did not overwrite earlier ones (the grabber reuses its buffer)
                assertThat(actual[c]).as("mean channel %d of frame %d: %s", c, i, Arrays.toString(actual))
                        .isCloseTo(expected[c], within(1.5));
            }
        }
    }

    @Test
    void missingFile_isAFrameSourceExceptionNamingIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope.mp4");
        assertThatThrownBy(() -> VideoSources.file(missing)).isInstanceOf(FrameSourceException.class)
                .hasMessage("No such video file: " + missing + ".");
    }

    @Test
    void notAVideo_cannotBeOpened_withATypedError(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.mp4"), "no video here");
        assertThatThrownBy(() -> VideoSources.file(bad)).isInstanceOf(FrameSourceException.class)
                .hasMessageStartingWith("Cannot open video " + bad + ": ")
                .hasMessageEndingWith("Check that it is a video file FFmpeg can read.");
        Path empty = Files.write(tmp.resolve("empty.mp4"), new byte[0]);
        assertThatThrownBy(() -> VideoSources.file(empty)).isInstanceOf(FrameSourceException.class)
                .hasMessageStartingWith("Cannot open video " + empty + ": ");
    }

    @Test
    void truncatedFile_deliversTheFramesBeforeTheDamage_thenSaysHowManyOfTheDeclaredFramesWereRead(@TempDir Path tmp)
            throws Exception {
        byte[] all = Files.readAllBytes(SharedAssets.video());
        Path cut = Files.write(tmp.resolve("cut.mp4"), Arrays.copyOf(all, all.length / 2));
        long read = 0;
        try (GrabberSource video = VideoSources.file(cut)) {
            assertThat(video.declaredFrames()).hasValue(150);
            FrameSourceException e = null;
            try {
                while (video.next().isPresent()) {
                    read++;
                }
            } catch (FrameSourceException ex) {
                e = ex;
            }
            assertThat(e).as("a truncated file must not end silently").isNotNull();
            assertThat(read).isBetween(20L, 130L);
            assertThat(e.framesRead()).isEqualTo(read);
            assertThat(e.getMessage()).contains("video " + cut, " after " + read + " of its 150 declared frames",
                    "The frames before were read normally.");
        }
    }

    @Test
    void missingCamera_isAFrameSourceException() {
        assertThatThrownBy(() -> VideoSources.camera(97)).isInstanceOf(FrameSourceException.class)
                .hasMessageStartingWith("Cannot open camera 97: ")
                .hasMessageEndingWith("Check that the camera exists and that no other program is using it.");
        assertThatThrownBy(() -> VideoSources.camera(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Camera index must be 0 or more, got -1.");
    }

    @Test
    void closedSource_refusesToRead_andCloseIsIdempotent() {
        GrabberSource video = VideoSources.file(SharedAssets.video());
        video.close();
        video.close();
        assertThatThrownBy(video::next).isInstanceOf(IllegalStateException.class)
                .hasMessage("The source video " + SharedAssets.video() + " is closed");
    }
}
