package dev.fer.result;

/**
 * Wall-clock time spent in each stage of one analysis, in nanoseconds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param decodeNanos image decoding (0 when the caller passed decoded pixels)
 * @param detectNanos face detection, including its preprocessing and decoding
 * @param classifyNanos emotion classification of all faces, including alignment
 * @param totalNanos the whole call
 */
public record Timings(long decodeNanos, long detectNanos, long classifyNanos, long totalNanos) {
    /** All zero. */
    public static final Timings ZERO = new Timings(0, 0, 0, 0);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException when a value is negative
     */
    public Timings {
        if (decodeNanos < 0 || detectNanos < 0 || classifyNanos < 0 || totalNanos < 0) {
            throw new IllegalArgumentException("Timings must not be negative.");
        }
    }

    /**
     * A copy with another decode time, added to the total.
     *
     * @param nanos decode time
     * @return the new timings
     */
    public Timings withDecode(long nanos) {
        return new Timings(nanos, detectNanos, classifyNanos, totalNanos + nanos);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /**
     * Decode time in milliseconds.
     *
     * @return milliseconds
     */
    public double decodeMillis() {
        return ms(decodeNanos);
    }

    /**
     * Detect time in milliseconds.
     *
     * @return milliseconds
     */
    public double detectMillis() {
        return ms(detectNanos);
    }

    /**
     * Classify time in milliseconds.
     *
     * @return milliseconds
     */
    public double classifyMillis() {
        return ms(classifyNanos);
    }

    /**
     * Total time in milliseconds.
     *
     * @return milliseconds
     */
    public double totalMillis() {
        return ms(totalNanos);
    }
}
