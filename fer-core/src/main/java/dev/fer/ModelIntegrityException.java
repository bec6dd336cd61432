package dev.fer;

/**
 * A model file's SHA-256 does not match the catalog (or the caller's) expected hash. The file is never used.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class ModelIntegrityException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message a full sentence describing the problem
     */
    public ModelIntegrityException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message a full sentence describing the problem
     * @param cause the underlying error, may be {@code null}
     */
    public ModelIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
