package dev.fer.video.javacv;

import dev.fer.FerException;

/**
 * An annotated video could not be written: the file cannot be created, no encoder is available, or a frame does
 * not fit the video (another size).
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class VideoWriteException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message a full sentence
     * @param cause the underlying error, may be {@code null}
     */
    public VideoWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
