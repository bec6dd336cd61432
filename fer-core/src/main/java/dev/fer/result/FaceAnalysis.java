package dev.fer.result;

import dev.fer.Emotion;
import java.util.Objects;
import java.util.Optional;

/**
 * One face of an {@link AnalysisResult}: where it is and, when a classifier ran, how it feels.
 *
 * <p>Immutable and thread-safe. Nothing here is ever {@code null}: a detection-only pipeline gives
 * {@link Optional#empty()} emotions.
 *
 * @param detection box, detector score and landmarks
 * @param emotions class probabilities, or empty when the pipeline has no classifier
 * @param aligned whether the classifier saw a landmark-aligned face ({@code false}: a square crop of the box,
 *     or no classifier ran)
 */
public record FaceAnalysis(Detection detection, Optional<EmotionScores> emotions, boolean aligned) {
    /** Validates the fields. */
    public FaceAnalysis {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(emotions, "emotions (use Optional.empty() for a face without a classifier)");
    }

    /**
     * A classified face.
     *
     * @param detection box, detector score and landmarks
     * @param emotions class probabilities
     * @param aligned whether the classifier saw a landmark-aligned face
     */
    public FaceAnalysis(Detection detection, EmotionScores emotions, boolean aligned) {
        this(detection, Optional.of(Objects.requireNonNull(emotions, "emotions")), aligned);
    }

    /**
     * A face that no classifier looked at.
     *
     * @param detection box, detector score and landmarks
     * @return the face with empty emotions
     */
    public static FaceAnalysis detectionOnly(Detection detection) {
        return new FaceAnalysis(detection, Optional.empty(), false);
    }

    /**
     * The most probable emotion, when a classifier ran.
     *
     * @return the dominant emotion or empty
     */
    public Optional<Emotion> dominant() {
        return emotions.map(EmotionScores::dominant);
    }
}
