package dev.fer.video.javacv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class FrameAdaptersTest {
    private static FerImage pattern(int w, int h, PixelFormat f) {
        byte[] px = new byte[w * h * f.channels()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 + 3);
        }
        return FerImage.of(px, w, h, f);
    }

    @Test
    void frameRoundTrip_keepsEveryPixel_evenWithAPaddedStride() {
        // Width 5 x 3 channels = 15 bytes per row: JavaCV pads rows of new frames to a multiple of 8 (16 bytes).
        FerImage image = pattern(5, 4, PixelFormat.BGR);
        Frame frame = FrameAdapters.toFrame(image);
        assertThat(frame.imageStride).isGreaterThanOrEqualTo(15);
        assertThat(frame.imageChannels).isEqualTo(3);
        FerImage back = FrameAdapters.toFerImage(frame);
        assertThat(back.format()).isEqualTo(PixelFormat.BGR);
        assertThat(back.toByteArray()).isEqualTo(image.toByteArray());
    }

    @Test
    void toFerImage_copies_soLaterChangesToTheFrameDoNotShowThrough() {
        Frame frame = FrameAdapters.toFrame(pattern(4, 2, PixelFormat.BGR));
        FerImage copy = FrameAdapters.toFerImage(frame);
        int before = copy.get(0, 0, 0);
        ((ByteBuffer) frame.image[0]).put(0, (byte) (before + 1));
        assertThat(copy.get(0, 0, 0)).isEqualTo(before);
    }

    @Test
    void rgbImages_becomeBgrFrames_andGrayStaysGray() {
        FerImage rgb = FerImage.of(new byte[] {10, 20, 30}, 1, 1, PixelFormat.RGB);
        FerImage back = FrameAdapters.toFerImage(FrameAdapters.toFrame(rgb));
        assertThat(back.toByteArray()).containsExactly(30, 20, 10);
        FerImage gray = pattern(3, 3, PixelFormat.GRAY);
        Frame g = FrameAdapters.toFrame(gray);
        assertThat(g.imageChannels).isEqualTo(1);
        assertThat(FrameAdapters.toFerImage(g).toByteArray()).isEqualTo(gray.toByteArray());
    }

    @Test
    void bgraFrames_dropAlpha() {
        Frame f = new Frame(2, 1, Frame.DEPTH_UBYTE, 4);
        ByteBuffer b = (ByteBuffer) f.image[0];
        b.put(new byte[] {1, 2, 3, 99, 4, 5, 6, 99});
        FerImage img = FrameAdapters.toFerImage(f);
        assertThat(img.format()).isEqualTo(PixelFormat.BGR);
        assertThat(img.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void matRoi_isCopiedRowByRow() {
        try (Mat full = new Mat(4, 6, opencv_core.CV_8UC3)) {
            byte[] px = pattern(6, 4, PixelFormat.BGR).toByteArray();
            full.data().put(px);
            try (Mat roi = new Mat(full, new Rect(1, 1, 3, 2))) {
                assertThat(roi.isContinuous()).isFalse();
                FerImage img = FrameAdapters.toFerImage(roi);
                assertThat(img.width()).isEqualTo(3);
                assertThat(img.height()).isEqualTo(2);
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        for (int c = 0; c < 3; c++) {
                            assertThat(img.get(x, y, c)).isEqualTo(px[((y + 1) * 6 + x + 1) * 3 + c] & 0xFF);
                        }
                    }
                }
            }
        }
    }

    @Test
    void unsupportedInput_isRejectedWithAMessage() {
        assertThatThrownBy(() -> FrameAdapters.toFerImage(new Frame())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no image");
        assertThatThrownBy(() -> FrameAdapters.toFerImage(new Frame(2, 2, Frame.DEPTH_FLOAT, 3)))
                .hasMessageContaining("8-bit");
        try (Mat m = new Mat(2, 2, opencv_core.CV_8UC2)) {
            assertThatThrownBy(() -> FrameAdapters.toFerImage(m)).hasMessageContaining("2 channels");
        }
    }
}
