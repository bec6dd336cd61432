package dev.fer.result;

import dev.fer.Emotion;
import java.util.Objects;
import java.util.Optional;

/**
 * One face of an {@link AnalysisResult}: where it is and, when a classifier ran, how it feels.
 *
 * <p>Immutable and thread-safe.
 *
 * @param detection box, detector score and landmarks
 * @param emotions class probabilities, or {@code null} when the pipeline has no classifier
 * @param aligned whether the classifier saw a landmark-aligned face ({@code false}: a square crop of the box)
 */
public record FaceAnalysis(Detection detection, EmotionScores emotions, boolean aligned) {
    /** Validates the fields. */
    public FaceAnalysis {
        Objects.requireNonNull(detection, "detection");
    }

    /**
     * The most probable emotion, when a classifier ran.
     *
     * @return the dominant emotion or empty
     */
    public Optional<Emotion> dominant() {
        return emotions == null ? Optional.empty() : Optional.of(emotions.dominant());
    }
}
