package dev.fer.geometry;

import java.util.List;
import java.util.Objects;

/**
 * Least-squares similarity transforms (rotation, uniform scale, translation; no reflection, no shear) between
 * point sets, and the five-point face alignment used by ArcFace-style 112×112 models such as MobileFaceNet.
 * Stateless and thread-safe: every method is a pure function of its arguments.
 *
 * <p>The fit is the closed-form 2-D solution of Umeyama's method. With centred source points {@code (x, y)} and
 * centred destination points {@code (u, v)}: {@code a = Σ(x·u + y·v) / Σ(x² + y²)},
 * {@code b = Σ(x·v − y·u) / Σ(x² + y²)}, and the transform is {@code [[a, −b, tx], [b, a, ty]]} with the
 * translation mapping the source centroid onto the destination centroid. All arithmetic is in double precision.
 */
public final class SimilarityTransform {
    private static final double[] ARCFACE_XY = {
        38.2946, 51.6963,
        73.5318, 51.5014,
        56.0252, 71.7366,
        41.5493, 92.3655,
        70.7299, 92.2041,
    };

    /**
     * The five-point ArcFace template in a 112×112 crop, in {@link Landmarks} order (eye on the image's left, eye
     * on the image's right, nose tip, left mouth corner, right mouth corner): (38.2946, 51.6963),
     * (73.5318, 51.5014), (56.0252, 71.7366), (41.5493, 92.3655), (70.7299, 92.2041). The points hold these values
     * rounded to float; {@link #alignmentMatrix(Landmarks)} uses the exact decimal values in double precision.
     */
    public static final List<Point> ARCFACE_TEMPLATE_112 = List.of(
            new Point(38.2946f, 51.6963f),
            new Point(73.5318f, 51.5014f),
            new Point(56.0252f, 71.7366f),
            new Point(41.5493f, 92.3655f),
            new Point(70.7299f, 92.2041f));

    /** Side of the square crop {@link #ARCFACE_TEMPLATE_112} is defined in. */
    public static final int ARCFACE_SIZE = 112;

    private SimilarityTransform() {
    }

    /**
     * The least-squares similarity transform mapping {@code from[i]} onto {@code to[i]}.
     *
     * @param from source points, at least two, not all equal
     * @param to destination points, as many as {@code from}
     * @return the transform {@code from → to}
     * @throws IllegalArgumentException when the arrays differ in length, hold fewer than two points, or the source
     *     points all coincide
     */
    public static AffineMatrix estimate(Point[] from, Point[] to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return estimate(interleave(from, "from"), interleave(to, "to"));
    }

    /**
     * The least-squares similarity transform mapping interleaved points {@code fromXY = x0, y0, x1, y1, …} onto
     * {@code toXY}.
     *
     * @param fromXY source coordinates, an even number of at least 4
     * @param toXY destination coordinates, as many as {@code fromXY}
     * @return the transform {@code from → to}
     * @throws IllegalArgumentException when the arrays differ in length, hold an odd number of values or fewer than
     *     two points, or the source points all coincide
     */
    public static AffineMatrix estimate(double[] fromXY, double[] toXY) {
        Objects.requireNonNull(fromXY, "fromXY");
        Objects.requireNonNull(toXY, "toXY");
        if (fromXY.length != toXY.length || fromXY.length % 2 != 0) {
            throw new IllegalArgumentException("A similarity fit needs the same number of source and destination "
                    + "points as x,y pairs, got " + fromXY.length + " and " + toXY.length + " coordinates.");
        }
        int n = fromXY.length / 2;
        if (n < 2) {
            throw new IllegalArgumentException("A similarity fit needs at least 2 point pairs, got " + n + ".");
        }
        double mx = 0;
        double my = 0;
        double mu = 0;
        double mv = 0;
        for (int i = 0; i < n; i++) {
            mx += fromXY[2 * i];
            my += fromXY[2 * i + 1];
            mu += toXY[2 * i];
            mv += toXY[2 * i + 1];
        }
        mx /= n;
        my /= n;
        mu /= n;
        mv /= n;
        double sxx = 0;
        double dot = 0;
        double cross = 0;
        for (int i = 0; i < n; i++) {
            double x = fromXY[2 * i] - mx;
            double y = fromXY[2 * i + 1] - my;
            double u = toXY[2 * i] - mu;
            double v = toXY[2 * i + 1] - mv;
            sxx += x * x + y * y;
            dot += x * u + y * v;
            cross += x * v - y * u;
        }
        if (!(sxx > 0) || !Double.isFinite(sxx) || !Double.isFinite(dot) || !Double.isFinite(cross)) {
            throw new IllegalArgumentException("A similarity fit needs source points that are finite and not all "
                    + "equal; their spread was " + sxx + ".");
        }
        double a = dot / sxx;
        double b = cross / sxx;
        double tx = mu - a * mx + b * my;
        double ty = mv - b * mx - a * my;
        return new AffineMatrix(a, -b, tx, b, a, ty);
    }

    /**
     * The matrix that warps a face onto the 112×112 ArcFace template ({@link #ARCFACE_TEMPLATE_112}, exact decimal
     * values), as the MobileFaceNet reference and OpenCV Zoo compute it: fit template → image by least squares,
     * then invert. Pass the result to {@code WarpAffine} with a 112×112 output.
     *
     * @param image five landmarks in original-image pixels
     * @return the image → crop transform
     */
    public static AffineMatrix alignmentMatrix(Landmarks image) {
        Objects.requireNonNull(image, "image");
        return estimate(ARCFACE_XY, interleave(image.points().toArray(new Point[0]), "image")).invert();
    }

    /**
     * The matrix that warps a face onto a five-point template: fit template → image by least squares, then
     * invert, as {@link #alignmentMatrix(Landmarks)} does for the ArcFace template.
     *
     * @param image five landmarks in original-image pixels
     * @param template five template points in crop pixels, in the same order
     * @return the image → crop transform
     * @throws IllegalArgumentException when the template does not hold five points
     */
    public static AffineMatrix alignmentMatrix(Landmarks image, Point[] template) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(template, "template");
        if (template.length != Landmarks.COUNT) {
            throw new IllegalArgumentException("An alignment template needs exactly 5 points, got "
                    + template.length + ".");
        }
        return estimate(template, image.points().toArray(new Point[0])).invert();
    }

    private static double[] interleave(Point[] points, String name) {
        double[] xy = new double[points.length * 2];
        for (int i = 0; i < points.length; i++) {
            Point p = Objects.requireNonNull(points[i], () -> name + " contains a null point");
            xy[2 * i] = p.x();
            xy[2 * i + 1] = p.y();
        }
        return xy;
    }
}
