package dev.fer.video;

import dev.fer.FerException;

/**
 * A frame source could not be opened or read: a missing or damaged file, a truncated video, an unreachable URL, a
 * camera that does not exist or is busy. A {@link StreamRun} delivers every frame read before the failure and then
 * throws this.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class FrameSourceException extends FerException {
    private static final long serialVersionUID = 1L;
    private final long framesRead;

    /**
     * Creates an exception.
     *
     * @param message a full sentence: what, which source, what to do
     * @param framesRead frames read successfully before the failure
     * @param cause the underlying error, may be {@code null}
     */
    public FrameSourceException(String message, long framesRead, Throwable cause) {
        super(message, cause);
        this.framesRead = framesRead;
    }

    /**
     * Frames read successfully before the failure.
     *
     * @return the count
     */
    public long framesRead() {
        return framesRead;
    }
}
