package dev.fer.detect;

import static dev.fer.detect.TestBuffers.assertBox;
import static dev.fer.detect.TestBuffers.assertLandmarks;
import static dev.fer.detect.TestBuffers.candidate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.preprocess.LetterboxGeometry;
import dev.fer.preprocess.LetterboxGeometry.Anchor;
import dev.fer.result.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionsTest {
    /** 1280x853 into 640x640: r = 0.5, 853·0.5 = 426.5 rounds half up to 427. */
    private static final LetterboxGeometry TOP_LEFT = LetterboxGeometry.fit(1280, 853, 640, 640, Anchor.TOP_LEFT);
    private static final LetterboxGeometry CENTRED = LetterboxGeometry.fit(1280, 853, 640, 640, Anchor.CENTER);

    private static FaceCandidate withLandmarks(float x1, float y1, float x2, float y2, float score, float... lm) {
        return new FaceCandidate(new BoundingBox(x1, y1, x2, y2), score, Landmarks.of(lm));
    }

    @Test
    void letterbox_1280x853RoundsHalfUpTo427() {
        assertThat(TOP_LEFT.resizedWidth()).isEqualTo(640);
        assertThat(TOP_LEFT.resizedHeight()).isEqualTo(427);
        assertThat(CENTRED.padLeft()).isZero();
        assertThat(CENTRED.padTop()).isEqualTo(106); // (640 − 427) / 2 rounded down
    }

    @Test
    void toOriginal_mapsTopLeftLetterboxByDividingByScale() {
        List<Detection> out = Detections.toOriginal(List.of(withLandmarks(100, 50, 200, 150, 0.9f,
                120, 80, 180, 80, 150, 100, 130, 130, 170, 130)), TOP_LEFT);
        assertThat(out).hasSize(1);
        assertBox(out.get(0).box(), 200, 100, 400, 300);
        assertLandmarks(out.get(0).landmarks(), 240, 160, 360, 160, 300, 200, 260, 260, 340, 260);
        assertThat(out.get(0).score()).isEqualTo(0.9f);
    }

    @Test
    void toOriginal_mapsCentredLetterboxBySubtractingPadding() {
        List<Detection> out = Detections.toOriginal(List.of(candidate(100, 156, 200, 256, 0.9f)), CENTRED);
        assertBox(out.get(0).box(), 200, 100, 400, 300);
        assertThat(out.get(0).hasLandmarks()).isFalse();
    }

    @Test
    void toOriginal_roundTripsOriginalPoints() {
        float[][] points = {{0, 0}, {1279, 852}, {640.25f, 426.5f}, {13, 777}};
        for (LetterboxGeometry g : List.of(TOP_LEFT, CENTRED)) {
            for (float[] p : points) {
                float ix = p[0] * g.scaleX() + g.padLeft();
                float iy = p[1] * g.scaleY() + g.padTop();
                assertThat(g.toOriginalX(ix)).isCloseTo(p[0], within(1e-3f));
                assertThat(g.toOriginalY(iy)).isCloseTo(p[1], within(1e-3f));
            }
        }
    }

    @Test
    void toOriginal_mapsStretchedInputPerAxis() {
        LetterboxGeometry stretch = LetterboxGeometry.stretch(640, 480, 320, 240);
        List<Detection> out = Detections.toOriginal(List.of(candidate(32, 48, 96, 120, 0.8f)), stretch);
        assertBox(out.get(0).box(), 64, 96, 192, 240);
    }

    @Test
    void toOriginal_clampsBoxesButNotLandmarks() {
        List<Detection> out = Detections.toOriginal(List.of(withLandmarks(-10, -20, 700, 500, 0.9f,
                -5, -5, 650, 10, 20, 20, 30, 30, 40, 40)), TOP_LEFT);
        assertBox(out.get(0).box(), 0, 0, 1280, 853);
        assertLandmarks(out.get(0).landmarks(), -10, -10, 1300, 20, 40, 40, 60, 60, 80, 80);
    }

    @Test
    void toOriginalUnclamped_keepsBoxesPastTheEdgeLikeTheReference() {
        List<Detection> out = Detections.toOriginalUnclamped(List.of(candidate(-10, -20, 700, 500, 0.9f)),
                TOP_LEFT);
        assertBox(out.get(0).box(), -20, -40, 1400, 1000);
    }

    @Test
    void toOriginal_dropsFacesSmallerThanTheMinimumOrOutsideTheImage() {
        FaceCandidate small = candidate(10, 10, 19, 40, 0.9f);     // 18 x 60 original
        FaceCandidate big = candidate(100, 100, 110, 110, 0.8f);   // 20 x 20
        FaceCandidate outside = candidate(100, 500, 150, 600, 0.95f); // below the 427-row image
        assertThat(Detections.toOriginal(List.of(small, big, outside), TOP_LEFT, 20f, 0))
                .extracting(Detection::score).containsExactly(0.8f);
        assertThat(Detections.toOriginal(List.of(small, big, outside), TOP_LEFT, 0f, 0))
                .extracting(Detection::score).containsExactly(0.9f, 0.8f);
    }

    @Test
    void toOriginal_sortsByDescendingScoreStablyAndCapsTheCount() {
        FaceCandidate a = candidate(0, 0, 10, 10, 0.5f);
        FaceCandidate b = candidate(20, 0, 30, 10, 0.9f);
        FaceCandidate c = candidate(40, 0, 50, 10, 0.5f);
        FaceCandidate d = candidate(60, 0, 70, 10, 0.7f);
        List<Detection> all = Detections.toOriginal(List.of(a, b, c, d), TOP_LEFT);
        assertThat(all).extracting(det -> det.box().x1()).containsExactly(40f, 120f, 0f, 80f);
        assertThat(Detections.toOriginal(List.of(a, b, c, d), TOP_LEFT, 0f, 3))
                .extracting(det -> det.box().x1()).containsExactly(40f, 120f, 0f);
    }

    @Test
    void toOriginal_emptyInputGivesEmptyOutput() {
        assertThat(Detections.toOriginal(List.of(), TOP_LEFT, 10f, 5)).isEmpty();
    }

    @Test
    void toOriginal_rejectsNegativeLimits() {
        assertThatThrownBy(() -> Detections.toOriginal(List.of(), TOP_LEFT, -1f, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Minimum face size must be >= 0 pixels, got -1.0.");
        assertThatThrownBy(() -> Detections.toOriginal(List.of(), TOP_LEFT, 0f, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Maximum number of faces must be >= 0 (0 = no limit), got -1.");
    }
}
