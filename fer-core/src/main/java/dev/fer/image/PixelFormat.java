package dev.fer.image;

/**
 * Layout of the interleaved 8-bit pixels of a {@link FerImage}.
 *
 * <p>Immutable and thread-safe.
 */
public enum PixelFormat {
    /** One 8-bit grey channel per pixel. */
    GRAY(1),
    /** Three channels in red, green, blue order. */
    RGB(3),
    /** Three channels in blue, green, red order (OpenCV's default). */
    BGR(3);

    private final int channels;

    PixelFormat(int channels) {
        this.channels = channels;
    }

    /**
     * Number of interleaved bytes per pixel.
     *
     * @return 1 for {@link #GRAY}, 3 otherwise
     */
    public int channels() {
        return channels;
    }
}
