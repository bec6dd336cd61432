package dev.fer.video;

import dev.fer.FerException;

/**
 * The callback given to {@link StreamRunner#run(FrameSource, java.util.function.Consumer)} threw. The run was
 * stopped and its threads ended before this was thrown; the callback's exception is the cause.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class StreamCallbackException extends FerException {
    private static final long serialVersionUID = 1L;
    private final long frameIndex;

    /**
     * Creates an exception.
     *
     * @param frameIndex the frame the callback was handling
     * @param cause the callback's exception
     */
    public StreamCallbackException(long frameIndex, Throwable cause) {
        super("The result callback threw " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")") + " on frame " + frameIndex
                + "; the stream was stopped. Handle errors inside the callback to keep the stream running.", cause);
        this.frameIndex = frameIndex;
    }

    /**
     * The frame the callback was handling.
     *
     * @return the frame index
     */
    public long frameIndex() {
        return frameIndex;
    }
}
