package dev.fer;

/**
 * An image could not be read or decoded: unreadable file, unsupported or truncated format, or a size above the configured pixel limit.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class ImageDecodeException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message a full sentence describing the problem
     */
    public ImageDecodeException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message a full sentence describing the problem
     * @param cause the underlying error, may be {@code null}
     */
    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
