package dev.fer.video;

import dev.fer.image.FerImage;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a {@link StreamRunner} reads frames from. Implementations for files, URLs and cameras are in the
 * {@code fer-video} module ({@code dev.fer.video.javacv.VideoSources}); wrap your own frames with the factories
 * here.
 *
 * <p>A runner calls {@link #next()} from one reader thread only, so implementations need not be thread-safe. A
 * runner never closes the source it was given: close it after the {@link StreamRun} is closed.
 */
public interface FrameSource extends AutoCloseable {
    /**
     * The next frame, blocking until it is available.
     *
     * @return the frame, or empty at the end of the stream
     * @throws FrameSourceException when the source cannot be read (it is reported after the frames read before)
     */
    Optional<VideoFrame> next();

    /** Releases the source; idempotent. The default does nothing. */
    @Override
    default void close() {
    }

    /**
     * Frames from an iterator.
     *
     * @param frames the frames, with their timestamps
     * @return a source that ends when the iterator does
     */
    static FrameSource of(Iterator<VideoFrame> frames) {
        Objects.requireNonNull(frames, "frames");
        return () -> frames.hasNext() ? Optional.of(Objects.requireNonNull(frames.next(), "frame")) : Optional.empty();
    }

    /**
     * Images from an iterator at a constant frame rate: frame {@code i} gets timestamp {@code i / fps}.
     *
     * @param images the images
     * @param fps frames per second, positive
     * @return a source that ends when the iterator does
     */
    static FrameSource ofImages(Iterator<FerImage> images, double fps) {
        Objects.requireNonNull(images, "images");
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be a positive number, got " + fps + ".");
        }
        long[] index = {0};
        return () -> {
            if (!images.hasNext()) {
                return Optional.empty();
            }
            FerImage image = Objects.requireNonNull(images.next(), "image");
            return Optional.of(new VideoFrame(image, Duration.ofNanos(Math.round(index[0]++ * 1e9 / fps))));
        };
    }

    /**
     * Images from a supplier, such as a camera callback, timestamped on arrival (time since the first frame).
     *
     * @param images gives the next image, blocking as needed; returns {@code null} at the end of the stream
     * @return the source
     */
    static FrameSource fromSupplier(Supplier<FerImage> images) {
        Objects.requireNonNull(images, "images");
        long[] start = {Long.MIN_VALUE};
        return () -> {
            FerImage image = images.get();
            if (image == null) {
                return Optional.empty();
            }
            long now = System.nanoTime();
            if (start[0] == Long.MIN_VALUE) {
                start[0] = now;
            }
            return Optional.of(new VideoFrame(image, Duration.ofNanos(now - start[0])));
        };
    }
}
