package dev.fer.detect;

import static dev.fer.detect.TestBuffers.assertBox;
import static dev.fer.detect.TestBuffers.assertLandmarks;
import static dev.fer.detect.TestBuffers.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.detect.Yolov5FaceDecoder.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 64x64 input: heads [1,3,8,8,16], [1,3,4,4,16], [1,3,2,2,16]; flat [1,252,16]. */
class Yolov5FaceDecoderTest {
    private static final float LOGIT_09 = (float) Math.log(9);  // σ = 0.9
    private static final float LOGIT_08 = (float) Math.log(4);  // σ = 0.8
    /** Stride 16 (P4), anchor 1 = (43, 55), grid y 2, x 1. */
    private static final int RAW_OFFSET = ((1 * 4 + 2) * 4 + 1) * 16;
    /** The same anchor in the flat layout: after the 3·8·8 = 192 stride-8 rows. */
    private static final int FLAT_ROW = 192 + (1 * 4 + 2) * 4 + 1;

    private final float[] s8 = new float[3 * 8 * 8 * 16];
    private final float[] s16 = new float[3 * 4 * 4 * 16];
    private final float[] s32 = new float[3 * 2 * 2 * 16];
    private final float[] flat = new float[252 * 16];

    private static Yolov5FaceDecoder decoder(Layout layout) {
        return new Yolov5FaceDecoder(layout, 64, 64, 0.6f, 0.5f, 0);
    }

    private List<FaceCandidate> decodeRaw() {
        return decoder(Layout.RAW_HEADS).decode(List.of(direct(s8), direct(s16), direct(s32)));
    }

    private List<FaceCandidate> decodeFlat() {
        return decoder(Layout.FLAT_DECODED).decode(List.of(direct(flat)));
    }

    private void flatRow(int row, float... values) {
        System.arraycopy(values, 0, flat, 16 * row, values.length);
    }

    @Test
    void rawHeads_decodeOneAnchorByHand() {
        // x, y, w, h raw 0 → σ = 0.5: cx = (0.5·2 − 0.5 + 1)·16 = 24, cy = (1 − 0.5 + 2)·16 = 40,
        // w = (0.5·2)²·43 = 43, h = 55 → (2.5, 12.5, 45.5, 67.5); score σ(ln 9)·σ(ln 4) = 0.9·0.8 = 0.72
        float[] row = {0, 0, 0, 0, LOGIT_09, 0.5f, -0.25f, 0, 0, 1, 1, -1, 0, 0.25f, 0.5f, LOGIT_08};
        System.arraycopy(row, 0, s16, RAW_OFFSET, 16);
        List<FaceCandidate> faces = decodeRaw();
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 2.5f, 12.5f, 45.5f, 67.5f);
        assertThat(faces.get(0).score()).isCloseTo(0.72f, within(1e-6f));
        // landmark = v·anchor + grid·16: (0.5·43 + 16, −0.25·55 + 32), (16, 32), (59, 87), (−27, 32), (26.75, 59.5)
        assertLandmarks(faces.get(0).landmarks(), 37.5f, 18.25f, 16, 32, 59, 87, -27, 32, 26.75f, 59.5f);
    }

    @Test
    void flatLayout_readsTheSameAnchorAlreadyDecodedByTheGraph() {
        flatRow(FLAT_ROW, 24, 40, 43, 55, 0.9f, 37.5f, 18.25f, 16, 32, 59, 87, -27, 32, 26.75f, 59.5f, 0.8f);
        List<FaceCandidate> faces = decodeFlat();
        assertThat(faces).hasSize(1);
        assertBox(faces.get(0).box(), 2.5f, 12.5f, 45.5f, 67.5f);
        assertThat(faces.get(0).score()).isCloseTo(0.72f, within(1e-6f));
        assertLandmarks(faces.get(0).landmarks(), 37.5f, 18.25f, 16, 32, 59, 87, -27, 32, 26.75f, 59.5f);
    }

    @Test
    void thresholds_areStrictOnObjectnessAndOnScore() {
        flatRow(0, 8, 8, 4, 4, 0.6f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1f);                 // obj = threshold
        flatRow(1, 24, 8, 4, 4, 1f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6f);                // obj·cls = threshold
        flatRow(2, 40, 8, 4, 4, 0.9f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5f);              // obj passes, 0.45 fails
        flatRow(3, 56, 8, 4, 4, 1f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Math.nextUp(0.6f));   // just above
        assertThat(decodeFlat()).extracting(FaceCandidate::score).containsExactly(Math.nextUp(0.6f));
    }

    @Test
    void rawHeads_skipLowObjectnessBeforeDecoding() {
        // every other value NaN: the anchor is never decoded because σ(−3) = 0.047 fails first
        float[] row = new float[16];
        java.util.Arrays.fill(row, Float.NaN);
        row[4] = -3f;
        System.arraycopy(row, 0, s8, 0, 16);
        assertThat(decodeRaw()).isEmpty();
    }

    @Test
    void nms_dropsTheLowerOfTwoOverlappingFaces() {
        flatRow(10, 20, 20, 20, 20, 0.9f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1f);
        flatRow(11, 22, 20, 20, 20, 0.95f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1f);  // IoU 18/22 = 0.82
        flatRow(12, 50, 50, 10, 10, 0.7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1f);
        assertThat(decodeFlat()).extracting(FaceCandidate::score).containsExactly(0.95f, 0.7f);
    }

    @Test
    void emptyOutputs_giveNoFaces() {
        assertThat(decodeRaw()).isEmpty();
        assertThat(decodeFlat()).isEmpty();
    }

    @Test
    void nanValues_areIgnored() {
        flatRow(0, Float.NaN, 8, 4, 4, 0.9f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1f);
        flatRow(1, 8, 8, 4, 4, Float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1f);
        flatRow(2, 8, 8, 4, 4, 0.9f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Float.NaN);
        flatRow(3, 8, 8, 4, 4, 0.9f, 0, 0, 0, Float.NaN, 0, 0, 0, 0, 0, 0, 1f);
        flatRow(4, 40, 40, 4, 4, 0.8f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1f);
        assertThat(decodeFlat()).extracting(FaceCandidate::score).containsExactly(0.8f);
        float[] row = {Float.NaN, 0, 0, 0, LOGIT_09, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, LOGIT_09};
        System.arraycopy(row, 0, s32, 0, 16);
        assertThat(decodeRaw()).isEmpty();
    }

    @Test
    void decode_rejectsTheWrongNumberOfOutputs() {
        assertThatThrownBy(() -> decoder(Layout.RAW_HEADS).decode(List.of(direct(flat))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("YOLOv5-face needs 3 raw head buffers, got 1.");
        assertThatThrownBy(() -> decoder(Layout.FLAT_DECODED).decode(List.of(direct(s8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("YOLOv5-face output 'output' has 3072 values, expected 4032 = [1, 252, 16]");
    }
}
