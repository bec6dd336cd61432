package dev.fer.detect;

import static dev.fer.detect.TestBuffers.assertBox;
import static dev.fer.detect.TestBuffers.assertLandmarks;
import static dev.fer.detect.TestBuffers.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 64x64 input: heads [1,80,8,8], [1,80,4,4], [1,80,2,2], NCHW. */
class Yolov8FaceDecoderTest {
    private static final int[] SIDES = {8, 4, 2};
    private final float[][] heads = new float[3][];

    Yolov8FaceDecoderTest() {
        for (int l = 0; l < 3; l++) {
            heads[l] = new float[80 * SIDES[l] * SIDES[l]];
            int plane = SIDES[l] * SIDES[l];
            Arrays.fill(heads[l], 64 * plane, 65 * plane, -10f); // face logit: σ(−10) ≈ 0
        }
    }

    private void set(int level, int channel, int gy, int gx, float v) {
        int side = SIDES[level];
        heads[level][channel * side * side + gy * side + gx] = v;
    }

    private List<FaceCandidate> decode(Yolov8FaceDecoder decoder) {
        return decoder.decode(List.of(direct(heads[0]), direct(heads[1]), direct(heads[2])));
    }

    private static Yolov8FaceDecoder decoder(float threshold) {
        return new Yolov8FaceDecoder(64, 64, threshold, 0.5f, 0);
    }

    @Test
    void decode_decodesOneDflCellByHand() {
        // stride 16, grid y 1, x 2, logit 2 → σ = 0.8808
        set(1, 64, 1, 2, 2f);
        set(1, 3, 1, 2, 100f);           // left: one-hot bin 3 → d0 = 3
        // top: all 16 bins equal (0) → uniform → d1 = 7.5
        set(1, 32 + 1, 1, 2, 100f);      // right: one-hot bin 1 → d2 = 1
        set(1, 48, 1, 2, 100f);          // bottom: one-hot bin 0 → d3 = 0
        set(1, 65, 1, 2, 0.25f);         // keypoint 0 x
        set(1, 66, 1, 2, -0.5f);         // keypoint 0 y
        List<FaceCandidate> faces = decode(decoder(Yolov8FaceDecoder.DEFAULT_SCORE_THRESHOLD));
        assertThat(faces).hasSize(1);
        // ((2.5 − 3)·16, (1.5 − 7.5)·16, (2.5 + 1)·16, (1.5 + 0)·16)
        assertBox(faces.get(0).box(), -8, -96, 56, 24);
        assertThat(faces.get(0).score()).isCloseTo((float) (1 / (1 + Math.exp(-2))), within(1e-6f));
        // keypoint = (k·2 + grid)·16: (0.5 + 2)·16, (−1 + 1)·16; the rest (2·16, 1·16)
        assertLandmarks(faces.get(0).landmarks(), 40, 0, 32, 16, 32, 16, 32, 16, 32, 16);
    }

    @Test
    void decode_scoreExactlyAtThresholdIsRejected() {
        set(2, 64, 0, 0, 0f); // σ(0) = 0.5 exactly
        assertThat(decode(decoder(0.5f))).isEmpty();
        assertThat(decode(decoder(Math.nextDown(0.5f)))).extracting(FaceCandidate::score).containsExactly(0.5f);
    }

    @Test
    void decode_suppressesOverlapsOnFloatBoxes() {
        // stride 8 cells (0, 0) and (0, 1) with uniform bins: 120x120 boxes 8 px apart, IoU 112/128 = 0.875;
        // the stride-32 cell (1, 1) is a 480x480 box containing the first: IoU 0.0625
        set(0, 64, 0, 0, 3f);
        set(0, 64, 0, 1, 2f);
        set(2, 64, 1, 1, 1f);
        assertThat(decode(decoder(0.45f))).extracting(FaceCandidate::score).hasSize(2)
                .first().isEqualTo((float) (1 / (1 + Math.exp(-3))));
    }

    @Test
    void decode_emptyOutputGivesNoFaces() {
        assertThat(decode(decoder(Yolov8FaceDecoder.DEFAULT_SCORE_THRESHOLD))).isEmpty();
    }

    @Test
    void decode_ignoresCellsWithNaN() {
        set(0, 64, 0, 0, Float.NaN);
        set(0, 64, 3, 3, 5f);
        set(0, 7, 3, 3, Float.NaN);      // a DFL bin
        set(0, 64, 6, 6, 5f);
        set(0, 69, 6, 6, Float.NaN);     // keypoint 1 y
        set(2, 64, 1, 1, 1f);
        assertThat(decode(decoder(0.45f))).extracting(FaceCandidate::score)
                .containsExactly((float) (1 / (1 + Math.exp(-1))));
    }

    @Test
    void decode_rejectsMissizedHeads() {
        assertThatThrownBy(() -> Yolov8FaceDecoder.withDefaults().decode(
                List.of(direct(heads[0]), direct(heads[1]), direct(heads[2]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("YOLOv8-face output 'stride 8 head' has 5120 values, expected 512000");
    }
}
