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
 * <p>Two boxes: {@link #box()} is what is reported, clipped to the image; {@link #unclippedBox()} is the box as the
 * detector produced it, which may reach past the image edges (a face cut by the border). Classifiers crop from the
 * unclipped box, as the reference implementations do, so a face at the border is classified from the same square as
 * in the reference; the two are equal for faces inside the image.
 *
 * @param box the face box in original-image pixels, clipped to the image by detectors
 * @param score the detector's confidence in [0, 1]
 * @param landmarks five landmarks, or empty when the detector has none (UltraFace); never {@code null}
 * @param unclippedBox the detector's box before clipping, in original-image pixels; equals {@code box} when the
 *     detector did not clip it ({@code null} is taken as {@code box})
 */
public record Detection(BoundingBox box, float score, Optional<Landmarks> landmarks, BoundingBox unclippedBox) {
    /**
     * Validates the fields.
     *
     * @throws NullPointerException when {@code box} or {@code landmarks} is {@code null} (use
     *     {@link Optional#empty()} for a detection without landmarks)
     * @throws IllegalArgumentException when the score is not in [0, 1]
     */
    public Detection {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(landmarks, "landmarks (use Optional.empty() when there are none)");
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("Detection score must be in [0, 1], got " + score + ".");
        }
        if (unclippedBox == null) {
            unclippedBox = box;
        }
    }

    /**
     * A detection with nullable landmarks, as detectors build it.
     *
     * @param box the box, clipped to the image
     * @param score the score
     * @param landmarks five landmarks or {@code null} when there are none
     * @param unclippedBox the detector's box before clipping ({@code null} is taken as {@code box})
     */
    public Detection(BoundingBox box, float score, Landmarks landmarks, BoundingBox unclippedBox) {
        this(box, score, Optional.ofNullable(landmarks), unclippedBox);
    }

    /**
     * A detection whose box was not clipped ({@code unclippedBox == box}).
     *
     * @param box the box
     * @param score the score
     * @param landmarks five landmarks or {@code null} when there are none
     */
    public Detection(BoundingBox box, float score, Landmarks landmarks) {
        this(box, score, Optional.ofNullable(landmarks), box);
    }

    /**
     * A detection without landmarks.
     *
     * @param box the box
     * @param score the score
     */
    public Detection(BoundingBox box, float score) {
        this(box, score, Optional.empty(), box);
    }

    /**
     * Whether this detection carries landmarks.
     *
     * @return {@code landmarks().isPresent()}
     */
    public boolean hasLandmarks() {
        return landmarks.isPresent();
    }
}
