package dev.fer.video;

import dev.fer.track.TrackSummary;
import java.util.List;
import java.util.Objects;

/**
 * What a finished (or cancelled) stream run saw: its counters and a summary per confirmed face track.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stats the counters
 * @param tracks one summary per confirmed track, by id
 */
public record StreamReport(StreamStats stats, List<TrackSummary> tracks) {
    /** Validates and copies the fields. */
    public StreamReport {
        Objects.requireNonNull(stats, "stats");
        tracks = List.copyOf(tracks);
    }
}
