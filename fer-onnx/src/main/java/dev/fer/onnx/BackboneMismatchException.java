package dev.fer.onnx;

import dev.fer.ModelIntegrityException;

/**
 * A fitted head was trained on a backbone file with a different SHA-256 than the one available here: its weights
 * would be applied to features they were not fitted on, so the head is refused.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class BackboneMismatchException extends ModelIntegrityException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message a full sentence naming the backbone, both hashes and what to do
     */
    public BackboneMismatchException(String message) {
        super(message);
    }
}
