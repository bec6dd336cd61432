package dev.fer.video.javacv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.video.FrameSourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotatedVideoWriterTest {
    private static FerImage grey(int w, int h, int v) {
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) v);
        return FerImage.of(px, w, h, PixelFormat.BGR);
    }

    @Test
    void writtenFrames_readBackAsAValidVideo_andAFrameOfAnotherSizeIsATypedError(@TempDir Path tmp) {
        Path file = tmp.resolve("out.mp4");
        try (AnnotatedVideoWriter w = AnnotatedVideoWriter.open(file, 160, 120, 10)) {
            for (int i = 0; i < 7; i++) {
                w.write(grey(160, 120, 30 * i));
            }
            assertThatThrownBy(() -> w.write(grey(80, 60, 0))).isInstanceOf(VideoWriteException.class)
                    .hasMessage("The image is 80x60 but the video " + file + " is 160x120; a video keeps one frame "
                            + "size. Scale the frames or start a new file.");
            assertThat(w.frames()).isEqualTo(7);
            assertThat(w.codec()).isIn("H.264", "MPEG-4");
        }
        try (GrabberSource s = VideoSources.file(file)) {
            int n = 0;
            while (s.next().isPresent()) {
                n++;
            }
            assertThat(n).isEqualTo(7);
        }
    }

    @Test
    void zeroLengthVideo_isATypedErrorAtOpen_namingTheFile(@TempDir Path tmp) {
        Path file = tmp.resolve("empty.mp4");
        new AnnotatedVideoWriterHolder(file).close(); // a container finished without a single frame
        assertThat(Files.exists(file)).isTrue();
        assertThatThrownBy(() -> VideoSources.file(file)).isInstanceOf(FrameSourceException.class)
                .hasMessageStartingWith("Cannot open video " + file + ": ")
                .hasMessageContaining("stream")
                .hasMessageEndingWith("Check that it is a video file FFmpeg can read.")
                .hasMessageNotContaining("FFmpegLogCallback");
    }

    @Test
    void unwritableTarget_isATypedError(@TempDir Path tmp) {
        Path file = tmp.resolve("no/such/dir/out.mp4");
        assertThatThrownBy(() -> AnnotatedVideoWriter.open(file, 64, 48, 10)).isInstanceOf(VideoWriteException.class)
                .hasMessageStartingWith("Cannot write video " + file + ": ")
                .hasMessageEndingWith("Check that the folder exists and is writable.");
    }

    /** Opens and closes a writer without writing a frame. */
    private static final class AnnotatedVideoWriterHolder implements AutoCloseable {
        private final AnnotatedVideoWriter w;

        AnnotatedVideoWriterHolder(Path file) {
            w = AnnotatedVideoWriter.open(file, 64, 48, 10);
        }

        @Override
        public void close() {
            w.close();
        }
    }
}
