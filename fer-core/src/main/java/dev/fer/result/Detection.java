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
 * @param landmarks five landmarks, or {@code null} when the detector has none (UltraFace)
 * @param unclippedBox the detector's box before clipping, in original-image pixels; equals {@code box} when the
 *     detector did not clip it ({@code null} is taken as {@code box})
 */
public record Detection(BoundingBox box, float score, Landmarks landmarks, BoundingBox unclippedBox) {
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
        if (unclippedBox == null) {
            unclippedBox = box;
        }
    }

    /**
     * A detection whose box was not clipped ({@code unclippedBox == box}).
     *
     * @param box the box
     * @param score the score
     * @param landmarks five landmarks or {@code null}
     */
    public Detection(BoundingBox box, float score, Landmarks landmarks) {
        this(box, score, landmarks, box);
    }

    /**
     * A detection without landmarks.
     *
     * @param box the box
     * @param score the score
     */
    public Detection(BoundingBox box, float score) {
        this(box, score, null, box);
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
