package dev.fer;

/**
 * Running a model failed at inference time (the runtime reported an error for valid-looking input).
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class InferenceException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message a full sentence describing the problem
     */
    public InferenceException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message a full sentence describing the problem
     * @param cause the underlying error, may be {@code null}
     */
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
