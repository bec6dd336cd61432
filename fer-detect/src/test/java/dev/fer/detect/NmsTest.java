package dev.fer.detect;

import static dev.fer.detect.TestBuffers.candidate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.geometry.BoundingBox;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NmsTest {
    private static final FaceCandidate A = candidate(0, 0, 10, 10, 0.9f);
    private static final FaceCandidate B = candidate(1, 0, 11, 10, 0.8f);
    private static final FaceCandidate C = candidate(6, 0, 16, 10, 0.7f);

    @ParameterizedTest
    @EnumSource(Nms.Overlap.class)
    void threeOverlappingBoxes_keepBestAndTheOneOverlappingItLittle(Nms.Overlap overlap) {
        // A-B: IoU 90/110 = 0.82 (+1: 110/132 = 0.83) -> B dropped; A-C: 40/160 = 0.25 (+1: 55/187 = 0.29) -> kept
        List<FaceCandidate> kept = Nms.apply(List.of(C, B, A), overlap, 0.3f, 0, 0);
        assertThat(kept).containsExactly(A, C);
    }

    @Test
    void overlap_matchesHandComputedValues() {
        BoundingBox a = A.box();
        BoundingBox b = B.box();
        assertThat(Nms.overlap(Nms.Overlap.IOU, a, b)).isCloseTo(90f / 110f, within(1e-6f));
        assertThat(Nms.overlap(Nms.Overlap.IOU_PLUS_ONE, a, b)).isCloseTo(110f / 132f, within(1e-6f));
        assertThat(Nms.overlap(Nms.Overlap.OPENCV_RECT2D, a, b)).isCloseTo(90f / 110f, within(1e-6f));
        assertThat(Nms.overlap(Nms.Overlap.OPENCV_RECT, a, b)).isCloseTo(90f / 110f, within(1e-6f));
        assertThat(Nms.overlap(Nms.Overlap.IOU, a, new BoundingBox(20, 20, 30, 30))).isZero();
    }

    @Test
    void plusOneAreas_suppressWhatPlainIouKeeps() {
        FaceCandidate a = candidate(0, 0, 9, 9, 0.9f);
        FaceCandidate b = candidate(5, 0, 14, 9, 0.8f);
        // plain: 4*9 / (81 + 81 - 36) = 36/126 = 0.286; +1: 5*10 / (100 + 100 - 50) = 50/150 = 0.333
        assertThat(Nms.overlap(Nms.Overlap.IOU, a.box(), b.box())).isCloseTo(36f / 126f, within(1e-6f));
        assertThat(Nms.overlap(Nms.Overlap.IOU_PLUS_ONE, a.box(), b.box())).isCloseTo(50f / 150f, within(1e-6f));
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.IOU, 0.3f, 0, 0)).containsExactly(a, b);
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.IOU_PLUS_ONE, 0.3f, 0, 0)).containsExactly(a);
    }

    @Test
    void integerTruncation_suppressesWhatFloatBoxesKeep() {
        FaceCandidate a = candidate(0, 0, 10, 10, 0.9f);
        FaceCandidate b = candidate(5.75f, 0, 15.75f, 10, 0.8f);
        // float (x, y, w, h): 4.25*10 / (100 + 100 - 42.5) = 0.270; int: (5, 0, 10, 10) -> 50 / 150 = 0.333
        assertThat(Nms.overlap(Nms.Overlap.OPENCV_RECT2D, a.box(), b.box())).isCloseTo(42.5f / 157.5f,
                within(1e-6f));
        assertThat(Nms.overlap(Nms.Overlap.OPENCV_RECT, a.box(), b.box())).isCloseTo(50f / 150f, within(1e-6f));
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.OPENCV_RECT2D, 0.3f, 0, 0)).containsExactly(a, b);
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.OPENCV_RECT, 0.3f, 0, 0)).containsExactly(a);
    }

    @Test
    void integerTruncation_truncatesWidthNotRightEdge() {
        // x 0.6 -> 0 and w 9.8 -> 9: (0, 0, 9, 10); truncating the right edge 10.4 would give width 10
        FaceCandidate a = candidate(0.6f, 0, 10.4f, 10, 0.9f);
        FaceCandidate b = candidate(0, 0, 10, 10, 0.8f);
        assertThat(Nms.overlap(Nms.Overlap.OPENCV_RECT, a.box(), b.box())).isCloseTo(90f / 100f, within(1e-6f));
    }

    @Test
    void openCvVariants_treatTwoEmptyBoxesAsFullOverlap() {
        FaceCandidate a = candidate(5, 5, 5, 5, 0.9f);
        FaceCandidate b = candidate(5, 5, 5, 5, 0.8f);
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.OPENCV_RECT2D, 0.5f, 0, 0)).containsExactly(a);
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.OPENCV_RECT, 0.5f, 0, 0)).containsExactly(a);
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.IOU, 0.5f, 0, 0)).containsExactly(a, b);
    }

    @Test
    void overlapExactlyAtThreshold_doesNotSuppress() {
        FaceCandidate a = candidate(0, 0, 10, 10, 0.9f);
        FaceCandidate b = candidate(0, 0, 10, 5, 0.8f); // IoU exactly 0.5
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.IOU, 0.5f, 0, 0)).containsExactly(a, b);
        assertThat(Nms.apply(List.of(a, b), Nms.Overlap.IOU, 0.49f, 0, 0)).containsExactly(a);
    }

    @Test
    void equalScores_keepInputOrder() {
        FaceCandidate first = candidate(0, 0, 10, 10, 0.5f);
        FaceCandidate second = candidate(1, 0, 11, 10, 0.5f);
        FaceCandidate far = candidate(50, 50, 60, 60, 0.5f);
        FaceCandidate best = candidate(100, 100, 110, 110, 0.6f);
        assertThat(Nms.apply(List.of(first, second, far, best), Nms.Overlap.IOU, 0.5f, 0, 0))
                .containsExactly(best, first, far);
        assertThat(Nms.apply(List.of(second, first, far, best), Nms.Overlap.IOU, 0.5f, 0, 0))
                .containsExactly(best, second, far);
    }

    @Test
    void topK_limitsCandidatesBeforeSuppressionAndMaxKeptAfter() {
        FaceCandidate a = candidate(0, 0, 10, 10, 0.9f);
        FaceCandidate b = candidate(1, 0, 11, 10, 0.8f); // suppressed by a
        FaceCandidate c = candidate(50, 0, 60, 10, 0.7f);
        FaceCandidate d = candidate(100, 0, 110, 10, 0.6f);
        List<FaceCandidate> all = List.of(d, c, b, a);
        assertThat(Nms.apply(all, Nms.Overlap.IOU, 0.5f, 0, 0)).containsExactly(a, c, d);
        // only a, b, c are visited: b is suppressed, so top-3 keeps two
        assertThat(Nms.apply(all, Nms.Overlap.IOU, 0.5f, 3, 0)).containsExactly(a, c);
        assertThat(Nms.apply(all, Nms.Overlap.IOU, 0.5f, 0, 2)).containsExactly(a, c);
    }

    @Test
    void emptyInput_givesEmptyOutput() {
        assertThat(Nms.apply(List.of(), Nms.Overlap.IOU_PLUS_ONE, 0.4f, 10, 10)).isEmpty();
    }

    @Test
    void invalidParameters_areRejectedWithAMessage() {
        assertThatThrownBy(() -> Nms.apply(List.of(), Nms.Overlap.IOU, 0.5f, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NMS limits must be >= 0 (0 = no limit), got topK -1 and maxKept 0.");
        assertThatThrownBy(() -> Nms.apply(List.of(), Nms.Overlap.IOU, Float.NaN, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NMS IoU threshold must be a number, got NaN.");
    }
}
