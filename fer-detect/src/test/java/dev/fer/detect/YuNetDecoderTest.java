package dev.fer.detect;

import static dev.fer.detect.TestBuffers.assertBox;
import static dev.fer.detect.TestBuffers.assertLandmarks;
import static dev.fer.detect.TestBuffers.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.geometry.BoundingBox;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 64x64 input: stride 8 gives an 8x8 grid, 16 a 4x4 grid, 32 a 2x2 grid. */
class YuNetDecoderTest {
    private static final int[] STRIDES = {8, 16, 32};
    private static final float LN2 = (float) Math.log(2);

    /** Zero-filled YuNet outputs for one input size. */
    private static final class Fixture {
        private final int width;
        private final int height;
        private final float[][] cls = new float[3][];
        private final float[][] obj = new float[3][];
        private final float[][] bbox = new float[3][];
        private final float[][] kps = new float[3][];

        Fixture(int width, int height) {
            this.width = width;
            this.height = height;
            for (int l = 0; l < 3; l++) {
                int n = (width / STRIDES[l]) * (height / STRIDES[l]);
                cls[l] = new float[n];
                obj[l] = new float[n];
                bbox[l] = new float[4 * n];
                kps[l] = new float[10 * n];
            }
        }

        void cell(int level, int i, float c, float o, float... b) {
            cls[level][i] = c;
            obj[level][i] = o;
            System.arraycopy(b, 0, bbox[level], 4 * i, 4);
        }

        List<FaceCandidate> decode(YuNetDecoder decoder) {
            return decoder.decode(width, height, buffers(cls), buffers(obj), buffers(bbox), buffers(kps));
        }
    }

    private final Fixture f = new Fixture(64, 64);
    private final float[][] cls = f.cls;
    private final float[][] obj = f.obj;
    private final float[][] bbox = f.bbox;
    private final float[][] kps = f.kps;

    private void cell(int level, int i, float c, float o, float... b) {
        f.cell(level, i, c, o, b);
    }

    private static List<FloatBuffer> buffers(float[][] arrays) {
        List<FloatBuffer> out = new ArrayList<>();
        for (float[] a : arrays) {
            out.add(direct(a));
        }
        return out;
    }

    private List<FaceCandidate> decode(YuNetDecoder decoder) {
        return f.decode(decoder);
    }

    @Test
    void decode_decodesOneAnchorByHand() {
        // stride 16, cell 6 of the 4x4 grid: row 1, column 2
        // score sqrt(0.64·1) = 0.8; cx = (2 + 0.5)·16 = 40, cy = (1 + 0.25)·16 = 20, w = e^ln2·16 = 32, h = e^0·16 = 16
        cell(1, 6, 0.64f, 1f, 0.5f, 0.25f, LN2, 0f);
        float[] k = {0, 0, 1, 0, 0.5f, 0.5f, 0, 1, 1, 1};
        System.arraycopy(k, 0, kps[1], 60, 10);
        List<FaceCandidate> faces = decode(YuNetDecoder.withScoreThreshold(0.6f));
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 24, 12, 56, 28);
        assertThat(faces.get(0).score()).isCloseTo(0.8f, within(1e-6f));
        // landmark n = ((k[2n] + col)·16, (k[2n+1] + row)·16)
        assertLandmarks(faces.get(0).landmarks(), 32, 16, 48, 16, 40, 24, 32, 32, 48, 32);
    }

    @Test
    void decode_clampsClsAndObjBeforeTheSquareRoot() {
        cell(2, 0, 1.5f, 1f, 0.5f, 0.5f, 0, 0);   // clamped to 1 · 1
        cell(2, 3, -0.5f, 1f, 0, 0, 0, 0);  // clamped to 0
        List<FaceCandidate> faces = decode(YuNetDecoder.withDefaults());
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).score()).isEqualTo(1f);
        assertBox(faces.get(0).box(), 0, 0, 32, 32);
    }

    @Test
    void decode_soleScoreExactlyAtThresholdIsKept() {
        cell(0, 0, 0.25f, 1f, 0, 0, 0, 0); // sqrt(0.25) = 0.5 exactly
        assertThat(decode(YuNetDecoder.withScoreThreshold(0.5f))).extracting(FaceCandidate::score)
                .containsExactly(0.5f);
    }

    @Test
    void decode_scoreExactlyAtThresholdIsDroppedWhenNmsRunsOnSeveral() {
        // OpenCV: the decode loop keeps score >= threshold, NMSBoxes then requires score > threshold
        cell(0, 0, 0.25f, 1f, 0, 0, 0, 0);
        cell(2, 3, 0.81f, 1f, 0, 0, 0, 0);
        assertThat(decode(YuNetDecoder.withScoreThreshold(0.5f))).extracting(FaceCandidate::score)
                .containsExactly(0.9f);
    }

    @Test
    void decode_suppressesOnIntegerTruncatedBoxes() {
        // stride 8 cells 0 and 1 (columns 0 and 1), 8x8 boxes (b2 = b3 = 0), y = 0 − 4 = −4.
        // cell 0: cx = (0 + 0.3125)·8 = 2.5 → x −1.5, truncated toward zero to −1 (floor would give −2);
        // cell 1: cx = (1 − 0.1875)·8 = 6.5 → x 2.5 → 2.
        // float IoU: 4·8 / (64 + 64 − 32) = 0.333; int: (−1, −4, 8, 8) vs (2, −4, 8, 8): 5·8 / 88 = 0.4545
        cell(0, 0, 1f, 1f, 0.3125f, 0f, 0f, 0f);
        cell(0, 1, 0.81f, 1f, -0.1875f, 0f, 0f, 0f);
        assertThat(Nms.overlap(Nms.Overlap.OPENCV_RECT2D, new BoundingBox(-1.5f, -4, 6.5f, 4),
                new BoundingBox(2.5f, -4, 10.5f, 4))).isCloseTo(1f / 3f, within(1e-6f));
        assertThat(decode(new YuNetDecoder(0.5f, 0.4f, 5000))).extracting(FaceCandidate::score)
                .containsExactly(1f);
        assertThat(decode(new YuNetDecoder(0.5f, 0.46f, 5000))).hasSize(2);
    }

    @Test
    void decode_handlesDynamicInputSizes() {
        Fixture wide = new Fixture(96, 64);
        // stride 32 grid is 3 wide, 2 high: cell 5 is row 1, column 2
        wide.cell(2, 5, 1f, 1f, 0.5f, 0.5f, 0f, 0f);
        List<FaceCandidate> faces = wide.decode(YuNetDecoder.withDefaults());
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 64, 32, 96, 64);
    }

    @Test
    void decode_emptyOutputGivesNoFaces() {
        assertThat(decode(YuNetDecoder.withDefaults())).isEmpty();
    }

    @Test
    void decode_ignoresCellsWithNaN() {
        cell(0, 0, Float.NaN, 1f, 0, 0, 0, 0);
        cell(0, 10, 1f, 1f, Float.NaN, 0, 0, 0);
        cell(0, 20, 1f, 1f, 0, 0, 0, 0);
        kps[0][10 * 20 + 4] = Float.NaN;
        cell(1, 15, 0.81f, 1f, 0, 0, 0, 0);
        List<FaceCandidate> faces = decode(YuNetDecoder.withScoreThreshold(0.6f));
        assertThat(faces).extracting(FaceCandidate::score).containsExactly(0.9f);
    }

    @Test
    void decode_rejectsSizesThatAreNotMultiplesOf32() {
        assertThatThrownBy(() -> YuNetDecoder.withDefaults().decode(100, 64, buffers(cls), buffers(obj),
                buffers(bbox), buffers(kps))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("YuNet input size must be a positive multiple of 32");
    }

    @Test
    void decode_rejectsOutputsOfAnotherInputSize() {
        assertThatThrownBy(() -> YuNetDecoder.withDefaults().decode(640, 640, buffers(cls), buffers(obj),
                buffers(bbox), buffers(kps))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("YuNet output 'cls_8' has 64 values, expected 6400 = [1, 6400, 1]");
    }

    @Test
    void decode_rejectsMissingStride() {
        assertThatThrownBy(() -> YuNetDecoder.withDefaults().decode(64, 64, buffers(cls).subList(0, 2),
                buffers(obj), buffers(bbox), buffers(kps))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("YuNet needs 3 cls buffers, got 2.");
    }
}
