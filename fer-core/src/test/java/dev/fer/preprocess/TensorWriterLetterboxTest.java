package dev.fer.preprocess;

import static dev.fer.preprocess.ResizeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorWriter#writeLetterboxed} against the two-step path it replaces, {@link Letterbox#apply} into a byte
 * canvas then {@link TensorWriter#write}: every float must be identical.
 */
class TensorWriterLetterboxTest {

    private static final int GUARD = 5;

    @Test
    void writeLetterboxed_equalsLetterboxThenWriteForRandomImagesAndGeometries() {
        Random r = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            int w = 1 + r.nextInt(70);
            int h = 1 + r.nextInt(70);
            int tw = 1 + r.nextInt(80);
            int th = 1 + r.nextInt(80);
            List<LetterboxGeometry> geometries = new ArrayList<>();
            geometries.add(LetterboxGeometry.fit(w, h, tw, th, LetterboxGeometry.Anchor.TOP_LEFT));
            geometries.add(LetterboxGeometry.fit(w, h, tw, th, LetterboxGeometry.Anchor.CENTER));
            geometries.add(LetterboxGeometry.stretch(w, h, tw, th));
            geometries.add(LetterboxGeometry.padToMultiple(w, h, 32));
            int rw = 1 + r.nextInt(tw);
            int rh = 1 + r.nextInt(th);
            geometries.add(new LetterboxGeometry(w, h, tw, th, rw, rh, r.nextInt(tw - rw + 1),
                    r.nextInt(th - rh + 1), 1f, 1f));
            for (PixelFormat source : PixelFormat.values()) {
                byte[] px = random(r, w * h * source.channels());
                for (LetterboxGeometry g : geometries) {
                    for (Layout layout : Layout.values()) {
                        for (PixelFormat order : PixelFormat.values()) {
                            TensorWriter.Builder b = TensorWriter.builder().layout(layout).colorOrder(order)
                                    .scale(255f);
                            TensorWriter writer = order == PixelFormat.GRAY ? b.mean(0.5f).std(0.5f).build()
                                    : b.mean(0.485f, 0.456f, 0.406f).std(0.229f, 0.224f, 0.225f).build();
                            assertSameAsTwoSteps(writer, px, source, g, r.nextInt(256), r.nextInt(4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void writeLetterboxed_handlesTheDetectorGeometriesOfAVgaFrame() {
        Random r = new Random(12);
        byte[] px = random(r, 640 * 480 * 3);
        TensorWriter yolo = TensorWriter.builder().colorOrder(PixelFormat.RGB).scale(255f).build();
        TensorWriter yunet = TensorWriter.builder().colorOrder(PixelFormat.BGR).build();
        TensorWriter ultra = TensorWriter.builder().colorOrder(PixelFormat.RGB).mean(127f).std(128f).build();
        assertSameAsTwoSteps(yolo, px, PixelFormat.BGR,
                LetterboxGeometry.fit(640, 480, 640, 640, LetterboxGeometry.Anchor.CENTER), 114, 0);
        assertSameAsTwoSteps(yunet, px, PixelFormat.BGR,
                LetterboxGeometry.fit(640, 480, 640, 640, LetterboxGeometry.Anchor.TOP_LEFT), 0, 0);
        assertSameAsTwoSteps(yolo, px, PixelFormat.BGR,
                LetterboxGeometry.fit(640, 480, 320, 320, LetterboxGeometry.Anchor.CENTER), 114, 0);
        assertSameAsTwoSteps(ultra, px, PixelFormat.BGR, LetterboxGeometry.stretch(640, 480, 320, 240), 0, 0);
        assertSameAsTwoSteps(ultra, px, PixelFormat.BGR, LetterboxGeometry.stretch(640, 480, 640, 480), 0, 0);
        assertSameAsTwoSteps(yunet, px, PixelFormat.BGR, LetterboxGeometry.padToMultiple(640, 480, 32), 0, 0);
        // The frame-sized YuNet input of a VGA frame with a 20 px minimum face: an exact 2x shrink, padded to 32,
        // written in one pass (same and swapped channel order, at an offset).
        LetterboxGeometry half = new LetterboxGeometry(640, 480, 320, 256, 320, 240, 0, 0, 0.5f, 0.5f);
        assertSameAsTwoSteps(yunet, px, PixelFormat.BGR, half, 0, 7);
        assertSameAsTwoSteps(yunet, px, PixelFormat.RGB, half, 0, 0);
        assertSameAsTwoSteps(yolo, random(r, 642 * 482 * 3), PixelFormat.BGR,
                new LetterboxGeometry(642, 482, 352, 256, 321, 241, 3, 5, 0.5f, 0.5f), 114, 0);
        // Bilinear shrink and enlargement, resized in many bands.
        assertSameAsTwoSteps(yolo, px, PixelFormat.BGR,
                LetterboxGeometry.fit(640, 480, 416, 416, LetterboxGeometry.Anchor.CENTER), 114, 0);
        assertSameAsTwoSteps(ultra, px, PixelFormat.BGR, LetterboxGeometry.stretch(640, 480, 800, 601), 0, 0);
    }

    @Test
    void writeLetterboxed_halvesTinyAndOddImagesExactly() {
        // The one-pass 2x shrink reads eight bytes at a time except at the end of each row: widths of 1 to 9 output
        // pixels (the last pixel alone, and every position of the eight-byte reads), both channel orders, at the
        // end of the pixel array.
        Random r = new Random(13);
        TensorWriter rgb = TensorWriter.builder().colorOrder(PixelFormat.RGB).scale(255f).mean(0.5f).std(0.25f)
                .build();
        TensorWriter bgr = TensorWriter.builder().colorOrder(PixelFormat.BGR).mean(3f).build();
        for (int rw = 1; rw <= 9; rw++) {
            for (int rh = 1; rh <= 3; rh++) {
                for (PixelFormat source : new PixelFormat[] {PixelFormat.BGR, PixelFormat.RGB}) {
                    byte[] px = random(r, 2 * rw * 2 * rh * 3);
                    LetterboxGeometry g = new LetterboxGeometry(2 * rw, 2 * rh, rw + 1, rh + 2, rw, rh, 1, 1, 0.5f,
                            0.5f);
                    assertSameAsTwoSteps(rgb, px, source, g, 7, 0);
                    assertSameAsTwoSteps(bgr, px, source, LetterboxGeometry.stretch(2 * rw, 2 * rh, rw, rh), 0, 3);
                }
            }
        }
        // All-white and all-black sources: the lane sums at their extremes (1020 + 2) and zero.
        for (byte value : new byte[] {-1, 0}) {
            byte[] px = new byte[16 * 4 * 3];
            java.util.Arrays.fill(px, value);
            assertSameAsTwoSteps(rgb, px, PixelFormat.BGR, LetterboxGeometry.stretch(16, 4, 8, 2), 0, 0);
        }
    }

    @Test
    void writeLetterboxed_fillsThePadWithTheNormalisedPadValue() {
        TensorWriter w = TensorWriter.builder().colorOrder(PixelFormat.RGB).scale(255f).mean(0.5f).std(0.5f)
                .build();
        // One white pixel placed at (1, 0) of a 3x2 input, padded with 0: R, G and B planes are all equal.
        LetterboxGeometry g = new LetterboxGeometry(1, 1, 3, 2, 1, 1, 1, 0, 1f, 1f);
        float[] out = new float[18];
        w.writeLetterboxed(FerImage.of(new byte[] {-1, -1, -1}, 1, 1, PixelFormat.BGR), g, 0, FloatBuffer.wrap(out),
                0);
        for (int c = 0; c < 3; c++) {
            assertThat(out).as("plane %d", c).containsSequence(-1f, 1f, -1f, -1f, -1f, -1f);
        }
    }

    @Test
    void writeLetterboxed_rejectsMismatchedSourcesPadValuesAndSmallBuffers() {
        TensorWriter w = TensorWriter.builder().build();
        LetterboxGeometry g = LetterboxGeometry.fit(4, 2, 4, 4, LetterboxGeometry.Anchor.CENTER);
        byte[] px = new byte[4 * 2 * 3];
        assertThatThrownBy(() -> w.writeLetterboxed(px, 2, 4, PixelFormat.BGR, g, 0, FloatBuffer.allocate(48), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source is 2x4 but the letterbox geometry was computed for 4x2.");
        assertThatThrownBy(() -> w.writeLetterboxed(px, 4, 2, PixelFormat.BGR, g, 256, FloatBuffer.allocate(48), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The pad value must be 0 to 255, got 256.");
        assertThatThrownBy(() -> w.writeLetterboxed(px, 4, 2, PixelFormat.BGR, g, 0, FloatBuffer.allocate(48), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A 4x4x3 tensor at offset 1 needs 48 floats up to index 49 but the buffer's limit is 48.");
        assertThatThrownBy(() -> w.writeLetterboxed(px, 4, 2, PixelFormat.BGR, g, 0,
                FloatBuffer.allocate(48).asReadOnlyBuffer(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The tensor buffer is read-only; pass a writable FloatBuffer.");
        assertThatThrownBy(() -> w.writeLetterboxed(px, 4, 2, PixelFormat.GRAY, g, 0, FloatBuffer.allocate(48), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The pixel array has 24 bytes but a 4x2 image with 1 channel needs exactly 8.");
    }

    /** Heap and direct buffers, at an offset, with guard values around the tensor that must stay untouched. */
    private static void assertSameAsTwoSteps(TensorWriter writer, byte[] px, PixelFormat source, LetterboxGeometry g,
                                             int pad, int offset) {
        int tw = g.targetWidth();
        int th = g.targetHeight();
        int cn = source.channels();
        byte[] canvas = new byte[tw * th * cn];
        Letterbox.apply(px, g.srcWidth(), g.srcHeight(), cn, g, pad, canvas);
        int n = writer.tensorSize(tw, th);
        FloatBuffer expected = FloatBuffer.allocate(offset + n + GUARD);
        fillGuard(expected);
        writer.write(canvas, tw, th, source, expected, offset);

        FloatBuffer heap = FloatBuffer.allocate(offset + n + GUARD);
        FloatBuffer direct = ByteBuffer.allocateDirect((offset + n + GUARD) * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (FloatBuffer actual : new FloatBuffer[] {heap, direct}) {
            fillGuard(actual);
            actual.position(1);
            writer.writeLetterboxed(px, g.srcWidth(), g.srcHeight(), source, g, pad, actual, offset);
            assertThat(actual.position()).isEqualTo(1);
            for (int i = 0; i < expected.capacity(); i++) {
                float e = expected.get(i);
                float a = actual.get(i);
                if (Float.floatToRawIntBits(e) != Float.floatToRawIntBits(a)) {
                    throw new AssertionError(writer + " from " + source + " " + g + " pad " + pad + " offset "
                            + offset + (actual.isDirect() ? " direct" : " heap") + ": index " + i + " is " + a
                            + ", expected " + e);
                }
            }
        }
    }

    private static void fillGuard(FloatBuffer b) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, -12345f);
        }
    }
}
