package dev.fer.track;

import dev.fer.Emotion;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one confirmed track saw over its life: when the face was first and last seen, in how many frames, and the
 * share of those frames in which each emotion was the smoothed dominant one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trackId the track id, 1 or more
 * @param firstFrame frame index of the first detection
 * @param lastFrame frame index of the last frame the face was in (detected or predicted)
 * @param firstSeen timestamp of the first frame
 * @param lastSeen timestamp of the last frame
 * @param frames number of frames the face was in
 * @param emotionShare per emotion, the share of those frames in which it was the smoothed dominant class (sums to
 *     1 when a classifier ran, empty otherwise); iteration in {@link Emotion} order
 */
public record TrackSummary(int trackId, long firstFrame, long lastFrame, Duration firstSeen, Duration lastSeen,
                           long frames, Map<Emotion, Double> emotionShare) {
    /** Validates and copies the fields. */
    public TrackSummary {
        if (trackId < 1) {
            throw new IllegalArgumentException("A summary is for a confirmed track (id >= 1), got " + trackId + ".");
        }
        if (lastFrame < firstFrame || frames < 1) {
            throw new IllegalArgumentException("A track spans at least one frame, got frames " + firstFrame + "–"
                    + lastFrame + " (" + frames + ").");
        }
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        EnumMap<Emotion, Double> copy = new EnumMap<>(Emotion.class);
        copy.putAll(emotionShare);
        emotionShare = Collections.unmodifiableMap(copy);
    }

    /**
     * The emotion dominant in the most frames.
     *
     * @return that emotion, or empty when no classifier ran
     */
    public Optional<Emotion> dominant() {
        return emotionShare.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /**
     * Time between the first and last frame.
     *
     * @return {@code lastSeen - firstSeen}
     */
    public Duration duration() {
        return lastSeen.minus(firstSeen);
    }
}
