package dev.fer.geometry;

/**
 * A 2×3 affine transform in double precision, {@code x' = m00·x + m01·y + m02} and
 * {@code y' = m10·x + m11·y + m12}, laid out like OpenCV's 2×3 {@code warpAffine} matrix. Immutable and
 * thread-safe.
 *
 * @param m00 row 0, column 0
 * @param m01 row 0, column 1
 * @param m02 row 0, column 2 (x translation)
 * @param m10 row 1, column 0
 * @param m11 row 1, column 1
 * @param m12 row 1, column 2 (y translation)
 */
public record AffineMatrix(double m00, double m01, double m02, double m10, double m11, double m12) {
    private static final AffineMatrix IDENTITY = new AffineMatrix(1, 0, 0, 0, 1, 0);

    /**
     * Validates the coefficients.
     *
     * @throws IllegalArgumentException when a coefficient is NaN or infinite
     */
    public AffineMatrix {
        if (!Double.isFinite(m00) || !Double.isFinite(m01) || !Double.isFinite(m02) || !Double.isFinite(m10)
                || !Double.isFinite(m11) || !Double.isFinite(m12)) {
            throw new IllegalArgumentException("Affine matrix coefficients must be finite, got [[" + m00 + ", " + m01
                    + ", " + m02 + "], [" + m10 + ", " + m11 + ", " + m12 + "]].");
        }
    }

    /**
     * The identity transform.
     *
     * @return {@code [[1, 0, 0], [0, 1, 0]]}
     */
    public static AffineMatrix identity() {
        return IDENTITY;
    }

    /**
     * Creates a matrix from six row-major coefficients {@code m00, m01, m02, m10, m11, m12}.
     *
     * @param rowMajor exactly six coefficients
     * @return the matrix
     * @throws IllegalArgumentException when the array does not hold six finite values
     */
    public static AffineMatrix of(double... rowMajor) {
        if (rowMajor == null || rowMajor.length != 6) {
            throw new IllegalArgumentException("An affine matrix needs 6 row-major coefficients, got "
                    + (rowMajor == null ? "null" : String.valueOf(rowMajor.length)) + ".");
        }
        return new AffineMatrix(rowMajor[0], rowMajor[1], rowMajor[2], rowMajor[3], rowMajor[4], rowMajor[5]);
    }

    /**
     * A pure translation.
     *
     * @param dx horizontal shift
     * @param dy vertical shift
     * @return {@code [[1, 0, dx], [0, 1, dy]]}
     */
    public static AffineMatrix translation(double dx, double dy) {
        return new AffineMatrix(1, 0, dx, 0, 1, dy);
    }

    /**
     * A rotation by {@code angle} radians (counter-clockwise in a y-up frame, clockwise on screen) scaled by
     * {@code scale}, followed by a translation: {@code [[s·cos, −s·sin, tx], [s·sin, s·cos, ty]]}.
     *
     * @param scale scale factor
     * @param angle rotation in radians
     * @param tx horizontal shift
     * @param ty vertical shift
     * @return the similarity transform
     */
    public static AffineMatrix similarity(double scale, double angle, double tx, double ty) {
        double c = scale * Math.cos(angle);
        double s = scale * Math.sin(angle);
        return new AffineMatrix(c, -s, tx, s, c, ty);
    }

    /**
     * The x coordinate of the image of {@code (x, y)}.
     *
     * @param x input x
     * @param y input y
     * @return {@code m00·x + m01·y + m02}
     */
    public double applyX(double x, double y) {
        return m00 * x + m01 * y + m02;
    }

    /**
     * The y coordinate of the image of {@code (x, y)}.
     *
     * @param x input x
     * @param y input y
     * @return {@code m10·x + m11·y + m12}
     */
    public double applyY(double x, double y) {
        return m10 * x + m11 * y + m12;
    }

    /**
     * Maps a point, computing in double precision and rounding the result to float.
     *
     * @param p the point
     * @return its image
     */
    public Point apply(Point p) {
        return new Point((float) applyX(p.x(), p.y()), (float) applyY(p.x(), p.y()));
    }

    /**
     * The determinant of the linear part, {@code m00·m11 − m01·m10}.
     *
     * @return the determinant; 0 for a singular matrix
     */
    public double determinant() {
        return m00 * m11 - m01 * m10;
    }

    /**
     * The inverse transform, computed with the same floating-point operations as OpenCV's
     * {@code invertAffineTransform} and {@code warpAffine}, so warping with either matrix agrees with OpenCV.
     *
     * @return the inverse
     * @throws IllegalStateException when the matrix is singular (determinant 0)
     */
    public AffineMatrix invert() {
        double d = m00 * m11 - m01 * m10;
        if (d == 0 || !Double.isFinite(1.0 / d)) {
            throw new IllegalStateException("The affine matrix " + this + " is singular (determinant " + d
                    + ") and cannot be inverted.");
        }
        d = 1.0 / d;
        double a11 = m11 * d;
        double a22 = m00 * d;
        double a12 = m01 * -d;
        double a21 = m10 * -d;
        double b1 = -a11 * m02 - a12 * m12;
        double b2 = -a21 * m02 - a22 * m12;
        return new AffineMatrix(a11, a12, b1, a21, a22, b2);
    }

    /**
     * The composition {@code this ∘ first}: the transform that applies {@code first}, then this one.
     *
     * @param first the transform applied first
     * @return {@code x ↦ this(first(x))}
     */
    public AffineMatrix compose(AffineMatrix first) {
        return new AffineMatrix(
                m00 * first.m00 + m01 * first.m10,
                m00 * first.m01 + m01 * first.m11,
                m00 * first.m02 + m01 * first.m12 + m02,
                m10 * first.m00 + m11 * first.m10,
                m10 * first.m01 + m11 * first.m11,
                m10 * first.m02 + m11 * first.m12 + m12);
    }

    /**
     * The composition {@code next ∘ this}: the transform that applies this one, then {@code next}.
     *
     * @param next the transform applied second
     * @return {@code x ↦ next(this(x))}
     */
    public AffineMatrix then(AffineMatrix next) {
        return next.compose(this);
    }

    /**
     * The six coefficients in row-major order.
     *
     * @return a new array {@code {m00, m01, m02, m10, m11, m12}}
     */
    public double[] toArray() {
        return new double[] {m00, m01, m02, m10, m11, m12};
    }
}
