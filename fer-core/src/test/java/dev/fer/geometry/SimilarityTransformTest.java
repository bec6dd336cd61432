package dev.fer.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {

    @Test
    void estimate_recoversKnownRotationScaleAndTranslationExactly() {
        // Scale 2, rotation 90° (x → y, y → −x), then shift (5, −3): (x, y) ↦ (−2y + 5, 2x − 3).
        Point[] from = {new Point(0, 0), new Point(1, 0), new Point(0, 1), new Point(3, 4)};
        Point[] to = {new Point(5, -3), new Point(5, -1), new Point(3, -3), new Point(-3, 3)};
        AffineMatrix m = SimilarityTransform.estimate(from, to);
        assertThat(m.m00()).isCloseTo(0, within(1e-12));
        assertThat(m.m01()).isCloseTo(-2, within(1e-12));
        assertThat(m.m02()).isCloseTo(5, within(1e-12));
        assertThat(m.m10()).isCloseTo(2, within(1e-12));
        assertThat(m.m11()).isCloseTo(0, within(1e-12));
        assertThat(m.m12()).isCloseTo(-3, within(1e-12));
    }

    @Test
    void estimate_recoversRandomSimilaritiesAndNeverReflects() {
        Random r = new Random(42);
        for (int t = 0; t < 50; t++) {
            double s = 0.1 + r.nextDouble() * 5;
            double a = (r.nextDouble() - 0.5) * 2 * Math.PI;
            AffineMatrix truth = AffineMatrix.similarity(s, a, r.nextGaussian() * 100, r.nextGaussian() * 100);
            double[] from = new double[10];
            double[] to = new double[10];
            for (int i = 0; i < 5; i++) {
                from[2 * i] = r.nextGaussian() * 50;
                from[2 * i + 1] = r.nextGaussian() * 50;
                to[2 * i] = truth.applyX(from[2 * i], from[2 * i + 1]);
                to[2 * i + 1] = truth.applyY(from[2 * i], from[2 * i + 1]);
            }
            AffineMatrix m = SimilarityTransform.estimate(from, to);
            double[] got = m.toArray();
            double[] want = truth.toArray();
            for (int k = 0; k < 6; k++) {
                assertThat(got[k]).isCloseTo(want[k], within(1e-9 * Math.max(1, Math.abs(want[k]))));
            }
            assertThat(m.determinant()).isPositive();
        }
        // Mirrored points: the best rotation+scale cannot reflect, so the determinant stays positive.
        double[] from = {0, 0, 10, 0, 0, 10};
        double[] mirrored = {0, 0, -10, 0, 0, 10};
        assertThat(SimilarityTransform.estimate(from, mirrored).determinant()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void estimate_minimisesSquaredErrorOnNoisyPoints() {
        // Against the README closed form for a noisy case: perturbing the solution must not lower the error.
        double[] from = {38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041};
        double[] to = {482.19, 882.79, 817.69, 918.13, 629.61, 1104.1, 472.53, 1238.2, 737.82, 1270.1};
        AffineMatrix m = SimilarityTransform.estimate(from, to);
        double best = sse(m, from, to);
        double[] c = m.toArray();
        double[][] deltas = {{1e-4, 0, 0, 0, 1e-4, 0}, {0, 1e-4, 0, -1e-4, 0, 0}, {0, 0, 1e-3, 0, 0, 0},
            {0, 0, 0, 0, 0, -1e-3}};
        for (double[] d : deltas) {
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] p = c.clone();
                for (int k = 0; k < 6; k++) {
                    p[k] += sign * d[k];
                }
                assertThat(sse(AffineMatrix.of(p), from, to)).isGreaterThan(best);
            }
        }
    }

    private static double sse(AffineMatrix m, double[] from, double[] to) {
        double e = 0;
        for (int i = 0; i < from.length / 2; i++) {
            double dx = m.applyX(from[2 * i], from[2 * i + 1]) - to[2 * i];
            double dy = m.applyY(from[2 * i], from[2 * i + 1]) - to[2 * i + 1];
            e += dx * dx + dy * dy;
        }
        return e;
    }

    @Test
    void alignmentMatrix_mapsTemplateLandmarksOntoTheTemplate() {
        // Landmarks that are the template scaled by 3 and shifted: the alignment must undo exactly that.
        float[] xy = new float[10];
        for (int i = 0; i < 5; i++) {
            Point p = SimilarityTransform.ARCFACE_TEMPLATE_112.get(i);
            xy[2 * i] = p.x() * 3 + 100;
            xy[2 * i + 1] = p.y() * 3 + 50;
        }
        Landmarks lm = Landmarks.of(xy);
        AffineMatrix m = SimilarityTransform.alignmentMatrix(lm);
        assertThat(m.m00()).isCloseTo(1 / 3.0, within(1e-6));
        assertThat(m.m01()).isCloseTo(0, within(1e-6));
        assertThat(m.m02()).isCloseTo(-100 / 3.0, within(1e-4));
        assertThat(m.m12()).isCloseTo(-50 / 3.0, within(1e-4));
        AffineMatrix viaPoints = SimilarityTransform.alignmentMatrix(lm,
                SimilarityTransform.ARCFACE_TEMPLATE_112.toArray(new Point[0]));
        assertThat(viaPoints.m02()).isCloseTo(m.m02(), within(1e-4));
        assertThat(SimilarityTransform.ARCFACE_TEMPLATE_112).hasSize(5);
        assertThat(SimilarityTransform.ARCFACE_TEMPLATE_112.get(4)).isEqualTo(new Point(70.7299f, 92.2041f));
    }

    @Test
    void estimate_rejectsDegenerateInputWithSentences() {
        assertThatThrownBy(() -> SimilarityTransform.estimate(new Point[] {new Point(1, 1)},
                new Point[] {new Point(2, 2)}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A similarity fit needs at least 2 point pairs, got 1.");
        assertThatThrownBy(() -> SimilarityTransform.estimate(new double[] {1, 1, 1, 1}, new double[] {0, 0, 5, 5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A similarity fit needs source points that are finite and not all equal; their spread "
                        + "was 0.0.");
        assertThatThrownBy(() -> SimilarityTransform.estimate(new double[4], new double[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A similarity fit needs the same number of source and destination points as x,y pairs, "
                        + "got 4 and 6 coordinates.");
        Landmarks lm = Landmarks.of(0, 0, 1, 0, 0, 1, 1, 1, 2, 2);
        assertThatThrownBy(() -> SimilarityTransform.alignmentMatrix(lm, new Point[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An alignment template needs exactly 5 points, got 3.");
    }
}
