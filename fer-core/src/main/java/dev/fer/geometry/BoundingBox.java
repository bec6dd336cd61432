package dev.fer.geometry;

/**
 * An axis-aligned box in <b>pixels of the original image</b>: top-left origin, {@code x1,y1} the top-left and
 * {@code x2,y2} the bottom-right corner, as floats. This is the only coordinate space fer-java reports. Boxes
 * returned by detectors are clamped to the image unless a method says otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge, ≥ x1
 * @param y2 bottom edge, ≥ y1
 */
public record BoundingBox(float x1, float y1, float x2, float y2) {
    /**
     * Validates the corners.
     *
     * @throws IllegalArgumentException when a coordinate is not finite or the box is inverted
     */
    public BoundingBox {
        if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2) || !Float.isFinite(y2)) {
            throw new IllegalArgumentException("Box coordinates must be finite, got [" + x1 + ", " + y1 + ", " + x2
                    + ", " + y2 + "].");
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("Box must have x2 >= x1 and y2 >= y1, got [" + x1 + ", " + y1 + ", "
                    + x2 + ", " + y2 + "].");
        }
    }

    /**
     * Creates a box from its top-left corner and size.
     *
     * @param x left edge
     * @param y top edge
     * @param width width, ≥ 0
     * @param height height, ≥ 0
     * @return the box
     */
    public static BoundingBox ofSize(float x, float y, float width, float height) {
        return new BoundingBox(x, y, x + width, y + height);
    }

    /**
     * Width {@code x2 - x1}.
     *
     * @return the width
     */
    public float width() {
        return x2 - x1;
    }

    /**
     * Height {@code y2 - y1}.
     *
     * @return the height
     */
    public float height() {
        return y2 - y1;
    }

    /**
     * Horizontal centre.
     *
     * @return {@code (x1 + x2) / 2}
     */
    public float centerX() {
        return (x1 + x2) * 0.5f;
    }

    /**
     * Vertical centre.
     *
     * @return {@code (y1 + y2) / 2}
     */
    public float centerY() {
        return (y1 + y2) * 0.5f;
    }

    /**
     * Area {@code width * height}.
     *
     * @return the area in square pixels
     */
    public float area() {
        return width() * height();
    }

    /**
     * Intersection over union with another box.
     *
     * @param other the other box
     * @return IoU in [0, 1]; 0 when both boxes are empty
     */
    public float iou(BoundingBox other) {
        float iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        float union = area() + other.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /**
     * This box clamped to an image of the given size ({@code 0 ≤ x ≤ width}, {@code 0 ≤ y ≤ height}).
     *
     * @param width image width
     * @param height image height
     * @return the clamped box (possibly empty)
     */
    public BoundingBox clamp(int width, int height) {
        float cx1 = Math.min(Math.max(x1, 0f), width);
        float cy1 = Math.min(Math.max(y1, 0f), height);
        float cx2 = Math.min(Math.max(x2, 0f), width);
        float cy2 = Math.min(Math.max(y2, 0f), height);
        return new BoundingBox(cx1, cy1, Math.max(cx1, cx2), Math.max(cy1, cy2));
    }

    /**
     * This box scaled about the origin and shifted: {@code x' = x * sx + dx}.
     *
     * @param sx horizontal scale
     * @param sy vertical scale
     * @param dx horizontal shift
     * @param dy vertical shift
     * @return the mapped box
     */
    public BoundingBox map(float sx, float sy, float dx, float dy) {
        float ax = x1 * sx + dx;
        float bx = x2 * sx + dx;
        float ay = y1 * sy + dy;
        float by = y2 * sy + dy;
        return new BoundingBox(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
}
