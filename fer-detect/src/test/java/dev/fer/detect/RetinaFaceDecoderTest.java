package dev.fer.detect;

import static dev.fer.detect.TestBuffers.assertBox;
import static dev.fer.detect.TestBuffers.assertLandmarks;
import static dev.fer.detect.TestBuffers.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetinaFaceDecoderTest {
    private static final int N = 16800;
    /** Level 1 (40x40 map, step 16), row 10, column 20, min size 128: prior (0.5125, 0.2625, 0.2, 0.2). */
    private static final int PRIOR = 12800 + (10 * 40 + 20) * 2 + 1;
    private static final float LN2 = (float) Math.log(2);

    private final float[] loc = new float[4 * N];
    private final float[] conf = new float[2 * N];
    private final float[] ldm = new float[10 * N];

    private void row(int i, float score, float... offsets) {
        conf[2 * i] = 1f - score;
        conf[2 * i + 1] = score;
        System.arraycopy(offsets, 0, loc, 4 * i, 4);
    }

    private List<FaceCandidate> decode(RetinaFaceDecoder decoder) {
        return decoder.decode(direct(loc), direct(conf), direct(ldm));
    }

    @Test
    void decode_decodesOnePriorByHand() {
        // cx = 0.5125 + 1·0.1·0.2 = 0.5325, cy = 0.2625 + 2·0.1·0.2 = 0.3025, w = 0.2, h = 0.2·e^(5 ln2 · 0.2) = 0.4
        // corners (0.4325, 0.1025, 0.6325, 0.5025) × 640
        row(PRIOR, 0.95f, 1f, 2f, 0f, 5 * LN2);
        // landmark k = prior centre + l·0.1·0.2, × 640
        float[] l = {0, 0, 1, -1, 0.5f, 0.5f, -1, 1, 2, 2};
        System.arraycopy(l, 0, ldm, 10 * PRIOR, 10);
        List<FaceCandidate> faces = decode(RetinaFaceDecoder.withDefaults());
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 276.8f, 65.6f, 404.8f, 321.6f);
        assertThat(faces.get(0).score()).isEqualTo(0.95f);
        assertLandmarks(faces.get(0).landmarks(), 328, 168, 340.8f, 155.2f, 334.4f, 174.4f, 315.2f, 180.8f,
                353.6f, 193.6f);
    }

    @Test
    void decode_reportThresholdIsInclusive() {
        row(PRIOR, 0.6f, 0, 0, 0, 0);
        row(0, 0.599f, 0, 0, 0, 0);
        List<FaceCandidate> faces = decode(RetinaFaceDecoder.withDefaults());
        assertThat(faces).extracting(FaceCandidate::score).containsExactly(0.6f);
    }

    @Test
    void decode_preNmsThresholdIsStrict() {
        row(0, 0.02f, 0, 0, 0, 0);
        row(16799, 0.021f, 0, 0, 0, 0);
        RetinaFaceDecoder everything = new RetinaFaceDecoder(640, 640, 0.02f, 0f, 0.4f, 5000, 750);
        assertThat(decode(everything)).extracting(FaceCandidate::score).containsExactly(0.021f);
    }

    @Test
    void decode_suppressesWithPlusOneAreas() {
        // priors 0 and 2 are 16x16 boxes centred at (4, 4) and (12, 4): plain IoU 8·16 / (256 + 256 − 128) = 0.333,
        // +1 areas: 9·17 / (289 + 289 − 153) = 0.36; a 0.35 threshold separates the two rules
        row(0, 0.9f, 0, 0, 0, 0);
        row(2, 0.8f, 0, 0, 0, 0);
        assertThat(decode(new RetinaFaceDecoder(640, 640, 0.02f, 0.6f, 0.35f, 5000, 750))).hasSize(1);
        assertThat(decode(new RetinaFaceDecoder(640, 640, 0.02f, 0.6f, 0.37f, 5000, 750))).hasSize(2);
    }

    @Test
    void decode_emptyOutputGivesNoFaces() {
        assertThat(decode(RetinaFaceDecoder.withDefaults())).isEmpty();
    }

    @Test
    void decode_ignoresRowsWithNaN() {
        row(0, Float.NaN, 0, 0, 0, 0);
        row(2, 0.9f, Float.NaN, 0, 0, 0);
        row(4, 0.9f, 0, 0, 0, 0);
        ldm[10 * 4 + 3] = Float.NaN;
        row(PRIOR, 0.7f, 0, 0, 0, 0);
        assertThat(decode(RetinaFaceDecoder.withDefaults())).extracting(FaceCandidate::score).containsExactly(0.7f);
    }

    @Test
    void decode_rejectsMissizedLandmarks() {
        assertThatThrownBy(() -> RetinaFaceDecoder.withDefaults().decode(direct(loc), direct(conf), direct(loc)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RetinaFace output 'landmarks (output2)' has 67200 values, expected 168000");
    }
}
