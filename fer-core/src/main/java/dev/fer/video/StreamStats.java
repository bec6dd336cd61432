package dev.fer.video;

/**
 * Counters of one {@link StreamRun}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param framesRead frames read from the source
 * @param framesDelivered results handed to the consumer
 * @param framesDropped frames dropped by {@link FramePolicy#LATEST_FRAME} (always 0 with
 *     {@link FramePolicy#EVERY_FRAME})
 * @param sceneCuts scene cuts and frame-size changes that ended every track
 */
public record StreamStats(long framesRead, long framesDelivered, long framesDropped, long sceneCuts) {
    /** Validates the counters. */
    public StreamStats {
        if (framesRead < 0 || framesDelivered < 0 || framesDropped < 0 || sceneCuts < 0) {
            throw new IllegalArgumentException("Counters must not be negative.");
        }
    }
}
