package dev.fer.onnx;

import dev.fer.ModelLoadException;

/**
 * A fitted head names a backbone that cannot be used here: fer-java does not know it as a backbone, or its model
 * file cannot be found (offline without a cached copy, no mirror, download failed). The cause, when present, is the
 * model repository's error.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class BackboneUnavailableException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message a full sentence describing the problem
     * @param cause the underlying error, may be {@code null}
     */
    public BackboneUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
