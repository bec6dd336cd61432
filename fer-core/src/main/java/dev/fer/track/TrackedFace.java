package dev.fer.track;

import dev.fer.Emotion;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import java.util.Objects;
import java.util.Optional;

/**
 * One face of one frame with its track.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trackId the track's id, 1 or more once the track is confirmed; 0 while the track is tentative (seen fewer
 *     than {@link TrackerConfig#minHits()} times)
 * @param face the raw per-frame analysis: box, score, landmarks and raw emotions
 * @param smoothed the track's smoothed emotions up to this frame, or empty when no classifier ran
 * @param smoothedDominant the track's dominant emotion after smoothing, with hysteresis (see
 *     {@link SmoothingConfig#hysteresis()}); the raw dominant when smoothing is off; empty when no classifier ran
 * @param detected {@code true} when the detector found the face in this frame; {@code false} when its box was
 *     predicted from the track's motion (frames between detections with detect-every-k)
 */
public record TrackedFace(int trackId, FaceAnalysis face, Optional<EmotionScores> smoothed,
                          Optional<Emotion> smoothedDominant, boolean detected) {
    /** Validates the fields. */
    public TrackedFace {
        if (trackId < 0) {
            throw new IllegalArgumentException("trackId must be 0 (tentative) or more, got " + trackId + ".");
        }
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(smoothed, "smoothed (use Optional.empty() when no classifier ran)");
        Objects.requireNonNull(smoothedDominant, "smoothedDominant (use Optional.empty() when no classifier ran)");
    }

    /**
     * Whether the track is confirmed.
     *
     * @return {@code trackId() > 0}
     */
    public boolean confirmed() {
        return trackId > 0;
    }
}
