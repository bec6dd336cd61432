package dev.fer.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AffineMatrixTest {

    @Test
    void apply_mapsPointsWithRowMajorCoefficients() {
        AffineMatrix m = AffineMatrix.of(2, 1, 3, -1, 0.5, 4);
        Point p = m.apply(new Point(1, 2));
        assertThat(p.x()).isEqualTo(7f);
        assertThat(p.y()).isEqualTo(4f);
        assertThat(m.applyX(0, 0)).isEqualTo(3.0);
        assertThat(m.applyY(2, 2)).isEqualTo(3.0);
        assertThat(m.determinant()).isEqualTo(2.0);
    }

    @Test
    void invert_undoesTheTransform() {
        AffineMatrix m = AffineMatrix.similarity(1.7, 0.3, 12.5, -4.25);
        AffineMatrix inv = m.invert();
        AffineMatrix id = inv.compose(m);
        assertThat(id.m00()).isCloseTo(1, within(1e-12));
        assertThat(id.m01()).isCloseTo(0, within(1e-12));
        assertThat(id.m02()).isCloseTo(0, within(1e-12));
        assertThat(id.m10()).isCloseTo(0, within(1e-12));
        assertThat(id.m11()).isCloseTo(1, within(1e-12));
        assertThat(id.m12()).isCloseTo(0, within(1e-12));
        // Hand-computed: the inverse of x' = 2x + 1, y' = 4y − 2 is x = 0.5x' − 0.5, y = 0.25y' + 0.5.
        assertThat(AffineMatrix.of(2, 0, 1, 0, 4, -2).invert()).isEqualTo(AffineMatrix.of(0.5, -0.0, -0.5, -0.0,
                0.25, 0.5));
    }

    @Test
    void invert_rejectsSingularMatrix() {
        assertThatThrownBy(() -> AffineMatrix.of(1, 2, 0, 2, 4, 0).invert())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is singular (determinant 0.0) and cannot be inverted.");
    }

    @Test
    void compose_appliesTheArgumentFirst() {
        AffineMatrix scale = AffineMatrix.of(2, 0, 0, 0, 2, 0);
        AffineMatrix shift = AffineMatrix.translation(10, 0);
        // shift ∘ scale: (1, 1) → (2, 2) → (12, 2); scale ∘ shift: (1, 1) → (11, 1) → (22, 2).
        assertThat(shift.compose(scale).apply(new Point(1, 1))).isEqualTo(new Point(12, 2));
        assertThat(scale.compose(shift).apply(new Point(1, 1))).isEqualTo(new Point(22, 2));
        assertThat(scale.then(shift)).isEqualTo(shift.compose(scale));
        assertThat(AffineMatrix.identity().compose(shift)).isEqualTo(shift);
    }

    @Test
    void constructor_rejectsNonFiniteAndWrongArity() {
        assertThatThrownBy(() -> new AffineMatrix(1, 0, Double.NaN, 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Affine matrix coefficients must be finite, got [[1.0, 0.0, NaN], [0.0, 1.0, 0.0]].");
        assertThatThrownBy(() -> AffineMatrix.of(1, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An affine matrix needs 6 row-major coefficients, got 3.");
        assertThat(AffineMatrix.of(1, 2, 3, 4, 5, 6).toArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }
}
