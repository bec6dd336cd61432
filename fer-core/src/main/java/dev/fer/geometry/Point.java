package dev.fer.geometry;

/**
 * A point in pixels of the original image (top-left origin, pixel centres at integer coordinates).
 *
 * <p>Immutable and thread-safe.
 *
 * @param x column coordinate
 * @param y row coordinate
 */
public record Point(float x, float y) {
    /**
     * Validates the coordinates.
     *
     * @throws IllegalArgumentException when a coordinate is NaN or infinite
     */
    public Point {
        if (!Float.isFinite(x) || !Float.isFinite(y)) {
            throw new IllegalArgumentException("Point coordinates must be finite, got (" + x + ", " + y + ").");
        }
    }

    /**
     * Euclidean distance to another point.
     *
     * @param other the other point
     * @return the distance in pixels
     */
    public double distanceTo(Point other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}
