package dev.fer.geometry;

import java.util.List;
import java.util.Objects;

/**
 * Five facial landmarks in original-image pixels, in this fixed order: the eye on the image's left (the subject's
 * right eye), the eye on the image's right, the nose tip, the mouth corner on the image's left, the mouth corner on
 * the image's right. This is the order YuNet, RetinaFace and the YOLO face models emit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param points exactly five points in the order above
 */
public record Landmarks(List<Point> points) {
    /** Number of points. */
    public static final int COUNT = 5;

    /**
     * Validates and copies the points.
     *
     * @throws IllegalArgumentException when there are not exactly five points
     */
    public Landmarks {
        Objects.requireNonNull(points, "points");
        if (points.size() != COUNT) {
            throw new IllegalArgumentException("Landmarks need exactly 5 points, got " + points.size() + ".");
        }
        points = List.copyOf(points);
    }

    /**
     * Creates landmarks from ten interleaved coordinates {@code x0,y0,…,x4,y4}.
     *
     * @param xy ten coordinates
     * @return the landmarks
     */
    public static Landmarks of(float... xy) {
        if (xy.length != 2 * COUNT) {
            throw new IllegalArgumentException("Landmarks need 10 coordinates, got " + xy.length + ".");
        }
        Point[] p = new Point[COUNT];
        for (int i = 0; i < COUNT; i++) {
            p[i] = new Point(xy[2 * i], xy[2 * i + 1]);
        }
        return new Landmarks(List.of(p));
    }

    /**
     * The i-th point.
     *
     * @param i index 0–4
     * @return the point
     */
    public Point get(int i) {
        return points.get(i);
    }

    /**
     * The eye on the image's left (the subject's right eye).
     *
     * @return point 0
     */
    public Point leftEye() {
        return points.get(0);
    }

    /**
     * The eye on the image's right.
     *
     * @return point 1
     */
    public Point rightEye() {
        return points.get(1);
    }

    /**
     * The nose tip.
     *
     * @return point 2
     */
    public Point nose() {
        return points.get(2);
    }

    /**
     * The mouth corner on the image's left.
     *
     * @return point 3
     */
    public Point mouthLeft() {
        return points.get(3);
    }

    /**
     * The mouth corner on the image's right.
     *
     * @return point 4
     */
    public Point mouthRight() {
        return points.get(4);
    }
}
