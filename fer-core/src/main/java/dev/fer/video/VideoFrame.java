package dev.fer.video;

import dev.fer.image.FerImage;
import java.time.Duration;
import java.util.Objects;

/**
 * One frame of a stream: its pixels and its time in the stream.
 *
 * <p>Immutable and thread-safe.
 *
 * @param image the pixels
 * @param timestamp time of the frame since the start of the stream, not negative
 */
public record VideoFrame(FerImage image, Duration timestamp) {
    /** Validates the fields. */
    public VideoFrame {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(timestamp, "timestamp");
        if (timestamp.isNegative()) {
            throw new IllegalArgumentException("Frame timestamp must not be negative, got " + timestamp + ".");
        }
    }

    /**
     * The timestamp in seconds.
     *
     * @return seconds since the start of the stream
     */
    public double seconds() {
        return timestamp.toNanos() / 1e9;
    }
}
