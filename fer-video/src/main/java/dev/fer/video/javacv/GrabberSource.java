package dev.fer.video.javacv;

import dev.fer.image.FerImage;
import dev.fer.video.FrameSource;
import dev.fer.video.FrameSourceException;
import dev.fer.video.VideoFrame;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A started JavaCV grabber as a {@link FrameSource}: every frame is <b>copied</b> into a {@link FerImage} at once,
 * because grabbers reuse one native buffer for every frame. Open one with {@link VideoSources}.
 *
 * <p>Not thread-safe: one reader at a time (the stream runner's reader thread). {@link #close()} is idempotent;
 * call it after the run that reads this source is closed.
 */
public final class GrabberSource implements FrameSource {
    private final FrameGrabber grabber;
    private final String description;
    private final boolean live;
    private final long declaredFrames;
    private final double frameRate;
    private long read;
    private long liveStart = Long.MIN_VALUE;
    private boolean ended;
    private boolean closed;

    GrabberSource(FrameGrabber grabber, String description, boolean live, long declaredFrames) {
        this.grabber = Objects.requireNonNull(grabber, "grabber");
        this.description = description;
        this.live = live;
        this.declaredFrames = declaredFrames;
        double fps = grabber.getFrameRate();
        this.frameRate = fps > 0 && Double.isFinite(fps) ? fps : 25;
    }

    /**
     * Reads and copies the next frame.
     *
     * @return the frame, or empty at the end of the stream
     * @throws FrameSourceException when reading fails, or a file ends before the frame count its header declares
     *     (truncated or damaged)
     * @throws IllegalStateException when the source is closed
     */
    @Override
    public Optional<VideoFrame> next() {
        if (closed) {
            throw new IllegalStateException("The source " + description + " is closed");
        }
        if (ended) {
            return Optional.empty();
        }
        Frame frame;
        try {
            frame = grabber instanceof FFmpegFrameGrabber ff ? ff.grabImage() : grabber.grab();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            ended = true;
            throw new FrameSourceException("Reading frame " + read + " of " + description + " failed after " + read
                    + (declaredFrames > 0 ? " of its " + declaredFrames + " declared" : "") + " frames: "
                    + e.getMessage() + ". The frames before were read normally.", read, e);
        }
        if (frame == null || frame.image == null) {
            ended = true;
            if (!live && declaredFrames > 0 && read < declaredFrames) {
                throw new FrameSourceException(description + " ended after " + read + " of its " + declaredFrames
                        + " declared frames: the file is truncated or damaged. The frames before were read "
                        + "normally.", read, null);
            }
            return Optional.empty();
        }
        FerImage image = FrameAdapters.toFerImage(frame);
        Duration ts;
        if (live) {
            long now = System.nanoTime();
            if (liveStart == Long.MIN_VALUE) {
                liveStart = now;
            }
            ts = Duration.ofNanos(now - liveStart);
        } else {
            ts = frame.timestamp >= 0 ? Duration.ofNanos(frame.timestamp * 1000)
                    : Duration.ofNanos(Math.round(read * 1e9 / frameRate));
        }
        read++;
        return Optional.of(new VideoFrame(image, ts));
    }

    /**
     * Frame width reported by the source when it was opened.
     *
     * @return pixels
     */
    public int width() {
        return grabber.getImageWidth();
    }

    /**
     * Frame height reported by the source when it was opened.
     *
     * @return pixels
     */
    public int height() {
        return grabber.getImageHeight();
    }

    /**
     * Frame rate reported by the source, or 25 when it reports none.
     *
     * @return frames per second
     */
    public double frameRate() {
        return frameRate;
    }

    /**
     * The number of frames the file's header declares.
     *
     * @return the count, or empty for live sources and files that do not declare it
     */
    public OptionalLong declaredFrames() {
        return declaredFrames > 0 ? OptionalLong.of(declaredFrames) : OptionalLong.empty();
    }

    /**
     * Frames read so far.
     *
     * @return the count
     */
    public long framesRead() {
        return read;
    }

    /**
     * What this source reads, for messages: {@code video clip.mp4}, {@code stream rtsp://…}, {@code camera 0}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /** Stops and releases the grabber; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            grabber.stop();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // nothing useful to do: the grabber is released below
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                // already released
            }
        }
    }
}
