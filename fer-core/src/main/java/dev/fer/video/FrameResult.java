package dev.fer.video;

import dev.fer.image.FerImage;
import dev.fer.track.TrackedFace;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The analysis of one frame of a stream.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index the frame's position in the source, from 0 (dropped frames leave gaps)
 * @param timestamp the frame's time in the stream
 * @param image the frame itself (not a copy: images are immutable), for drawing or saving
 * @param faces the faces with their tracks, raw and smoothed emotions, in descending detector score order
 * @param detected {@code true} when the detector ran on this frame; {@code false} for frames between detections
 *     (detect-every-k), whose boxes were predicted from the tracks
 * @param latency time from the frame's arrival at the runner to this result's delivery
 */
public record FrameResult(long index, Duration timestamp, FerImage image, List<TrackedFace> faces, boolean detected,
                          Duration latency) {
    /** Validates and copies the fields. */
    public FrameResult {
        if (index < 0) {
            throw new IllegalArgumentException("Frame index must not be negative, got " + index + ".");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
        Objects.requireNonNull(latency, "latency");
    }

    /**
     * The timestamp in seconds.
     *
     * @return seconds since the start of the stream
     */
    public double seconds() {
        return timestamp.toNanos() / 1e9;
    }

    /**
     * Frame width.
     *
     * @return pixels
     */
    public int width() {
        return image.width();
    }

    /**
     * Frame height.
     *
     * @return pixels
     */
    public int height() {
        return image.height();
    }
}
