package dev.fer.detect;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import java.util.Objects;

/**
 * A face found by a decoder, in <b>model-input pixels</b>: the coordinate space of the tensor that was fed to the
 * model (for a letterboxed input that includes the padding), top-left origin, pixel centres at integer coordinates.
 * The geometry records are reused for their validation only; these coordinates are <em>not</em> original-image
 * pixels until {@link Detections#toOriginal(java.util.List, dev.fer.preprocess.LetterboxGeometry, float, int)}
 * maps them back. Immutable and thread-safe.
 *
 * @param box the face box in model-input pixels (not clamped to the input)
 * @param score the decoder's score in [0, 1]
 * @param landmarks five landmarks in model-input pixels, or {@code null} when the model has none (UltraFace)
 */
public record FaceCandidate(BoundingBox box, float score, Landmarks landmarks) {
    /**
     * Validates the fields.
     *
     * @param box the face box in model-input pixels
     * @param score the score in [0, 1]
     * @param landmarks five landmarks in model-input pixels, or {@code null}
     * @throws NullPointerException when {@code box} is null
     * @throws IllegalArgumentException when the score is not in [0, 1]
     */
    public FaceCandidate {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("Candidate score must be in [0, 1], got " + score + ".");
        }
    }

    /**
     * Whether this candidate carries landmarks.
     *
     * @return {@code landmarks() != null}
     */
    public boolean hasLandmarks() {
        return landmarks != null;
    }
}
