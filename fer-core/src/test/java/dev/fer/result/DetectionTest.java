package dev.fer.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectionTest {
    private static final BoundingBox BOX = new BoundingBox(10, 20, 110, 140);

    private static Landmarks landmarks() {
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < Landmarks.COUNT; i++) {
            p.add(new Point(20 + 10 * i, 50 + 5 * i));
        }
        return new Landmarks(p);
    }

    @Test
    void withoutLandmarks_landmarksAreEmptyNeverNull() {
        for (Detection d : List.of(new Detection(BOX, 0.9f), new Detection(BOX, 0.9f, (Landmarks) null),
                new Detection(BOX, 0.9f, (Landmarks) null, null))) {
            assertThat(d.landmarks()).isNotNull().isEmpty();
            assertThat(d.hasLandmarks()).isFalse();
            assertThat(d.unclippedBox()).isEqualTo(BOX);
        }
    }

    @Test
    void withLandmarks_landmarksArePresent() {
        Landmarks lm = landmarks();
        BoundingBox unclipped = new BoundingBox(-10, 20, 110, 140);
        Detection d = new Detection(BOX, 0.9f, lm, unclipped);
        assertThat(d.landmarks()).contains(lm);
        assertThat(d.hasLandmarks()).isTrue();
        assertThat(d).isEqualTo(new Detection(BOX, 0.9f, Optional.of(lm), unclipped));
        assertThat(new Detection(BOX, 0.9f, lm).landmarks()).contains(lm);
    }

    @Test
    void nullOptional_isRejected() {
        assertThatThrownBy(() -> new Detection(BOX, 0.9f, (Optional<Landmarks>) null, BOX))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("Optional.empty()");
    }
}
