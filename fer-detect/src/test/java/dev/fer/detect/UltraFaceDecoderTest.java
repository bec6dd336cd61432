package dev.fer.detect;

import static dev.fer.detect.TestBuffers.assertBox;
import static dev.fer.detect.TestBuffers.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class UltraFaceDecoderTest {
    private static final int N = 4420;
    private static final float LN2 = (float) Math.log(2);

    private final float[] scores = new float[2 * N];
    private final float[] boxes = new float[4 * N];

    private void row(int i, float score, float a, float b, float c, float d) {
        scores[2 * i] = 1f - score;
        scores[2 * i + 1] = score;
        boxes[4 * i] = a;
        boxes[4 * i + 1] = b;
        boxes[4 * i + 2] = c;
        boxes[4 * i + 3] = d;
    }

    private List<FaceCandidate> decode(UltraFaceDecoder decoder) {
        return decoder.decode(direct(scores), direct(boxes));
    }

    @Test
    void decode_scalesNormalisedCornersToInputPixels() {
        row(5, 0.9f, 0.1f, 0.2f, 0.3f, 0.5f);
        List<FaceCandidate> faces = decode(UltraFaceDecoder.withDefaults(320, 240));
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 32, 48, 96, 120);
        assertThat(faces.get(0).score()).isEqualTo(0.9f);
        assertThat(faces.get(0).landmarks()).isNull();
    }

    @Test
    void decode_scoreExactlyAtThresholdIsRejected() {
        row(7, 0.7f, 0.1f, 0.1f, 0.2f, 0.2f);
        row(9, Math.nextUp(0.7f), 0.6f, 0.6f, 0.8f, 0.8f);
        List<FaceCandidate> faces = decode(UltraFaceDecoder.withDefaults(320, 240));
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 192, 144, 256, 192);
    }

    @Test
    void decode_suppressesOverlapsAndSortsByScore() {
        row(5, 0.8f, 0.1f, 0.2f, 0.3f, 0.5f);
        row(11, 0.9f, 0.11f, 0.2f, 0.31f, 0.5f);  // IoU with row 5 ≈ 0.9: suppresses it
        row(20, 0.95f, 0.6f, 0.6f, 0.8f, 0.8f);
        List<FaceCandidate> faces = decode(UltraFaceDecoder.withDefaults(320, 240));
        assertThat(faces).extracting(FaceCandidate::score).containsExactly(0.95f, 0.9f);
        assertBox(faces.get(1).box(), 35.2f, 48, 99.2f, 120);
    }

    @Test
    void decode_letsTheLaterRowWinAScoreTieAsHardNmsDoes() {
        // UltraFace saturates at exactly 1.0; hard_nms pops the last index of an ascending argsort
        row(100, 1f, 0.10f, 0.2f, 0.30f, 0.5f);
        row(200, 1f, 0.11f, 0.2f, 0.31f, 0.5f);
        row(300, 0.9f, 0.6f, 0.6f, 0.8f, 0.8f);
        List<FaceCandidate> faces = decode(UltraFaceDecoder.withDefaults(320, 240));
        assertThat(faces).hasSize(2);
        assertBox(faces.get(0).box(), 35.2f, 48, 99.2f, 120);
        row(400, 1f, 0.7f, 0.1f, 0.8f, 0.2f); // a third tie that overlaps nothing comes first
        assertThat(decode(UltraFaceDecoder.withDefaults(320, 240))).extracting(f -> f.box().x1())
                .containsExactly(224f, 35.2f, 192f);
    }

    @Test
    void decode_considersOnlyTheCandidateLimitBestRows() {
        row(1, 0.8f, 0.0f, 0.0f, 0.1f, 0.1f);
        row(2, 0.9f, 0.2f, 0.2f, 0.3f, 0.3f);
        row(3, 0.85f, 0.5f, 0.5f, 0.6f, 0.6f);
        List<FaceCandidate> faces = decode(new UltraFaceDecoder(320, 240, 0.7f, 0.3f, 2));
        assertThat(faces).extracting(FaceCandidate::score).containsExactly(0.9f, 0.85f);
    }

    @Test
    void decodeRaw_decodesOneSsdOffsetByHand() {
        // prior 4359 (10x8 map, row 7, column 9, min box 96): (0.95, 0.9375, 0.3, 0.4)
        // cx = 0.95 + 1·0.1·0.3 = 0.98, cy = 0.9375 − 0.5·0.1·0.4 = 0.9175, w = 0.3·e^0 = 0.3, h = 0.4·e^(5 ln2 · 0.2) = 0.8
        // corners (0.83, 0.5175, 1.13, 1.3175) → ×(320, 240)
        row(4359, 0.9f, 1f, -0.5f, 0f, 5 * LN2);
        List<FaceCandidate> faces = UltraFaceDecoder.withDefaults(320, 240).decodeRaw(direct(scores), direct(boxes));
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 265.6f, 124.2f, 361.6f, 316.2f);
        assertThat(faces.get(0).score()).isEqualTo(0.9f);
    }

    @Test
    void decode_emptyOutputGivesNoFaces() {
        assertThat(decode(UltraFaceDecoder.withDefaults(320, 240))).isEmpty();
        assertThat(UltraFaceDecoder.withDefaults(320, 240).decodeRaw(direct(scores), direct(boxes))).isEmpty();
    }

    @Test
    void decode_ignoresRowsWithNaN() {
        row(1, Float.NaN, 0.1f, 0.1f, 0.2f, 0.2f);
        row(2, 0.9f, Float.NaN, 0.1f, 0.2f, 0.2f);
        row(3, 0.9f, 0.1f, 0.1f, Float.POSITIVE_INFINITY, 0.2f);
        row(4, 0.8f, 0.5f, 0.5f, 0.6f, 0.6f);
        List<FaceCandidate> faces = decode(UltraFaceDecoder.withDefaults(320, 240));
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 160, 120, 192, 144);
        row(5, 0.9f, 0f, 0f, 1000f, 0f); // raw: exp(200) overflows to infinity
        assertThat(UltraFaceDecoder.withDefaults(320, 240).decodeRaw(direct(scores), direct(boxes)))
                .extracting(FaceCandidate::score).containsExactly(0.8f);
    }

    @Test
    void decode_readsAbsoluteIndicesAndLeavesPositionAlone() {
        row(5, 0.9f, 0.1f, 0.2f, 0.3f, 0.5f);
        FloatBuffer s = direct(scores);
        FloatBuffer b = direct(boxes);
        s.position(7);
        b.position(100);
        List<FaceCandidate> faces = UltraFaceDecoder.withDefaults(320, 240).decode(s, b);
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 32, 48, 96, 120);
        assertThat(s.position()).isEqualTo(7);
        assertThat(b.position()).isEqualTo(100);
    }

    @Test
    void decode_rejectsOutputsOfAnotherInputSize() {
        UltraFaceDecoder decoder = UltraFaceDecoder.withDefaults(640, 480);
        assertThatThrownBy(() -> decode(decoder)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("UltraFace output 'scores' has 8840 values, expected 35280 = [1, 17640, 2]"
                        + " for a 640x480 input.");
    }

    @Test
    void constructor_rejectsOutOfRangeThresholds() {
        assertThatThrownBy(() -> new UltraFaceDecoder(320, 240, 1.5f, 0.3f, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("UltraFace score threshold must be in [0, 1], got 1.5.");
        assertThatThrownBy(() -> new UltraFaceDecoder(320, 240, 0.7f, Float.NaN, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("UltraFace NMS IoU threshold must be in [0, 1], got NaN.");
    }
}
