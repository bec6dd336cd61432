package dev.fer;

/**
 * A model could not be loaded: the file is missing or not a valid model, or its inputs and outputs do not match the contract the caller expects.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class ModelLoadException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message a full sentence describing the problem
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message a full sentence describing the problem
     * @param cause the underlying error, may be {@code null}
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
