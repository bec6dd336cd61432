package dev.fer.result;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import java.util.Objects;
import java.util.Optional;

/**
 * One face found by a detector.
 *
 * <p>Immutable and thread-safe.
 *
 * @param box the face box in original-image pixels
 * @param score the detector's confidence in [0, 1]
 * @param landmarks five landmarks, or {@code null} when the detector has none (UltraFace)
 */
public record Detection(BoundingBox box, float score, Landmarks landmarks) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException when the score is not in [0, 1]
     */
    public Detection {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("Detection score must be in [0, 1], got " + score + ".");
        }
    }

    /**
     * A detection without landmarks.
     *
     * @param box the box
     * @param score the score
     */
    public Detection(BoundingBox box, float score) {
        this(box, score, null);
    }

    /**
     * The landmarks, when the detector provides them.
     *
     * @return the landmarks or empty
     */
    public Optional<Landmarks> optionalLandmarks() {
        return Optional.ofNullable(landmarks);
    }

    /**
     * Whether this detection carries landmarks.
     *
     * @return {@code landmarks() != null}
     */
    public boolean hasLandmarks() {
        return landmarks != null;
    }
}
