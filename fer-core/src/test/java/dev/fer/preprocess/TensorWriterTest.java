package dev.fer.preprocess;

import static dev.fer.preprocess.ResizeTest.bytes;
import static dev.fer.preprocess.ResizeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorWriterTest {

    private static final TensorWriter MOBILEFACENET = TensorWriter.builder()
            .layout(Layout.NCHW).colorOrder(PixelFormat.RGB).scale(255f).mean(0.5f).std(0.5f).build();

    @Test
    void write_normalisesAndReordersBgrIntoRgbNchw() {
        // Two BGR pixels: (B, G, R) = (0, 212, 255) and (140, 255, 0).
        byte[] px = bytes(0, 212, 255, 140, 255, 0);
        float[] out = new float[6];
        MOBILEFACENET.write(px, 2, 1, PixelFormat.BGR, FloatBuffer.wrap(out), 0);
        // R plane, G plane, B plane; (v / 255 - 0.5) / 0.5 in float arithmetic (numpy float32 gives the same).
        float v212 = ((212f / 255f) - 0.5f) / 0.5f;
        float v140 = ((140f / 255f) - 0.5f) / 0.5f;
        assertThat(out).containsExactly(1f, -1f, v212, 1f, -1f, v140);
        // The reference summaries print these float32 values as 0.66274512 and 0.098039269.
        assertThat((double) v212).isCloseTo(0.66274512, org.assertj.core.api.Assertions.within(5e-9));
        assertThat((double) v140).isCloseTo(0.098039269, org.assertj.core.api.Assertions.within(5e-10));
        assertThat(MOBILEFACENET.normalize(0, 212)).isEqualTo(((212f / 255f) - 0.5f) / 0.5f);
    }

    @Test
    void write_nhwcKeepsPixelsInterleaved() {
        TensorWriter w = TensorWriter.builder().layout(Layout.NHWC).colorOrder(PixelFormat.BGR)
                .mean(104f, 117f, 123f).build();
        float[] out = new float[6];
        w.write(bytes(1, 2, 3, 4, 5, 6), 2, 1, PixelFormat.RGB, FloatBuffer.wrap(out), 0);
        assertThat(out).containsExactly(3 - 104f, 2 - 117f, 1 - 123f, 6 - 104f, 5 - 117f, 4 - 123f);
    }

    @Test
    void write_convertsToGrayWithOpenCvWeightsAndReplicatesGray() {
        TensorWriter gray = TensorWriter.builder().layout(Layout.NHWC).colorOrder(PixelFormat.GRAY).scale(255f)
                .mean(0.5f).std(0.5f).build();
        float[] out = new float[2];
        gray.write(bytes(30, 20, 10, 0, 0, 255), 2, 1, PixelFormat.BGR, FloatBuffer.wrap(out), 0);
        assertThat(out).containsExactly((18f / 255f - 0.5f) / 0.5f, (76f / 255f - 0.5f) / 0.5f);
        float[] rgb = new float[3];
        TensorWriter.builder().build().write(bytes(7), 1, 1, PixelFormat.GRAY, FloatBuffer.wrap(rgb), 0);
        assertThat(rgb).containsExactly(7f, 7f, 7f);
    }

    @Test
    void write_directAndHeapBuffersAgreeAtAnOffsetWithoutMovingPosition() {
        Random r = new Random(4);
        byte[] px = random(r, 37 * 23 * 3);
        for (Layout layout : Layout.values()) {
            for (PixelFormat order : PixelFormat.values()) {
                TensorWriter w = TensorWriter.builder().layout(layout).colorOrder(order).scale(255f).mean(0.1f)
                        .std(0.3f).build();
                int n = w.tensorSize(37, 23);
                FloatBuffer heap = FloatBuffer.allocate(n + 10);
                FloatBuffer direct = ByteBuffer.allocateDirect((n + 10) * 4).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                heap.position(3);
                direct.position(3);
                w.write(px, 37, 23, PixelFormat.BGR, heap, 7);
                w.write(FerImage.of(px, 37, 23, PixelFormat.BGR), direct, 7);
                assertThat(heap.position()).isEqualTo(3);
                assertThat(direct.position()).isEqualTo(3);
                for (int i = 0; i < n + 10; i++) {
                    assertThat(direct.get(i)).as("%s %s index %d", layout, order, i).isEqualTo(heap.get(i));
                }
                assertThat(heap.get(6)).isZero();
                assertThat(heap.get(7)).isNotZero();
            }
        }
    }

    @Test
    void write_nchwAndNhwcHoldTheSameValues() {
        byte[] px = random(new Random(6), 5 * 4 * 3);
        TensorWriter a = TensorWriter.builder().layout(Layout.NCHW).scale(255f).build();
        TensorWriter b = TensorWriter.builder().layout(Layout.NHWC).scale(255f).build();
        float[] nchw = new float[60];
        float[] nhwc = new float[60];
        a.write(px, 5, 4, PixelFormat.RGB, FloatBuffer.wrap(nchw), 0);
        b.write(px, 5, 4, PixelFormat.RGB, FloatBuffer.wrap(nhwc), 0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 20; i++) {
                assertThat(nchw[c * 20 + i]).isEqualTo(nhwc[i * 3 + c]).isEqualTo((px[i * 3 + c] & 0xFF) / 255f);
            }
        }
    }

    @Test
    void write_rejectsSmallOrReadOnlyBuffers() {
        byte[] px = new byte[2 * 2 * 3];
        assertThatThrownBy(() -> MOBILEFACENET.write(px, 2, 2, PixelFormat.BGR, FloatBuffer.allocate(12), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A 2x2x3 tensor at offset 1 needs 12 floats up to index 13 but the buffer's limit is 12.");
        assertThatThrownBy(() -> MOBILEFACENET.write(px, 2, 2, PixelFormat.BGR,
                FloatBuffer.allocate(12).asReadOnlyBuffer(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The tensor buffer is read-only; pass a writable FloatBuffer.");
        assertThatThrownBy(() -> MOBILEFACENET.write(px, 2, 2, PixelFormat.GRAY, FloatBuffer.allocate(12), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The pixel array has 12 bytes but a 2x2 image with 1 channel needs exactly 4.");
    }

    @Test
    void build_rejectsInconsistentOptions() {
        assertThatThrownBy(() -> TensorWriter.builder().mean(1f, 2f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The mean needs 1 or 3 values for RGB tensors, got 2.");
        assertThatThrownBy(() -> TensorWriter.builder().colorOrder(PixelFormat.GRAY).std(1f, 1f, 1f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The std needs 1 value for GRAY tensors, got 3.");
        assertThatThrownBy(() -> TensorWriter.builder().std(0f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Std values must be finite and non-zero, got [0.0].");
        assertThatThrownBy(() -> TensorWriter.builder().scale(-1f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The tensor scale must be positive and finite, got -1.0.");
    }
}
