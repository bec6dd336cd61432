package dev.fer;

/**
 * Base class of every error that fer-java throws on purpose.
 *
 * <p>All fer-java exceptions are unchecked. Messages say what went wrong, which file or input was involved,
 * what was expected and what to do about it. Instances are immutable and safe to share across threads.
 */
public class FerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message a full sentence describing the problem
     */
    public FerException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message a full sentence describing the problem
     * @param cause the underlying error, may be {@code null}
     */
    public FerException(String message, Throwable cause) {
        super(message, cause);
    }
}
