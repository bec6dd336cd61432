package dev.fer;

/**
 * An explicitly requested execution provider (for example CUDA) cannot be used on this machine or with the artifacts on the class path.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class ProviderUnavailableException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message a full sentence describing the problem
     */
    public ProviderUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message a full sentence describing the problem
     * @param cause the underlying error, may be {@code null}
     */
    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
