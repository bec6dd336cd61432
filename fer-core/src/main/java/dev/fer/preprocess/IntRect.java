package dev.fer.preprocess;

/**
 * An integer pixel rectangle: columns {@code x … x + width − 1} and rows {@code y … y + height − 1}. It may
 * extend beyond an image (negative {@code x} or {@code y} included); the operations that take one say what they do
 * with the outside part. Immutable and thread-safe.
 *
 * @param x left column
 * @param y top row
 * @param width number of columns, at least 1
 * @param height number of rows, at least 1
 */
public record IntRect(int x, int y, int width, int height) {
    /**
     * Validates the size.
     *
     * @throws IllegalArgumentException when the width or height is below 1, or the far edge overflows an int
     */
    public IntRect {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("A rectangle needs a positive size, got " + width + "x" + height
                    + " at (" + x + ", " + y + ").");
        }
        if ((long) x + width > Integer.MAX_VALUE || (long) y + height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Rectangle " + width + "x" + height + " at (" + x + ", " + y
                    + ") reaches beyond the int range.");
        }
    }

    /**
     * The whole of a {@code width × height} image.
     *
     * @param width image width
     * @param height image height
     * @return {@code (0, 0, width, height)}
     */
    public static IntRect ofSize(int width, int height) {
        return new IntRect(0, 0, width, height);
    }

    /**
     * One past the right column.
     *
     * @return {@code x + width}
     */
    public int right() {
        return x + width;
    }

    /**
     * One past the bottom row.
     *
     * @return {@code y + height}
     */
    public int bottom() {
        return y + height;
    }

    /**
     * Whether this rectangle lies entirely inside a {@code width × height} image.
     *
     * @param imageWidth image width
     * @param imageHeight image height
     * @return {@code true} when no part is outside
     */
    public boolean isInside(int imageWidth, int imageHeight) {
        return x >= 0 && y >= 0 && right() <= imageWidth && bottom() <= imageHeight;
    }
}
