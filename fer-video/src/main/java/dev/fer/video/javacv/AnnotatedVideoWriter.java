package dev.fer.video.javacv;

import dev.fer.draw.Annotator;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.video.FrameResult;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes a video (H.264 in MP4, or MPEG-4 Part 2 when the FFmpeg build has no H.264 encoder) of stream frames with
 * their tracked faces drawn over them by {@link Annotator}. Closing the writer finishes the file, so a run that
 * stops early (an error, a cancel) still leaves a valid video of the frames written so far.
 *
 * <p>Not thread-safe: write from one thread. {@link #close()} is idempotent.
 */
public final class AnnotatedVideoWriter implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final String codec;
    private final Path file;
    private final int width;
    private final int height;
    private long frames;
    private boolean closed;

    private AnnotatedVideoWriter(FFmpegFrameRecorder recorder, String codec, Path file, int width, int height) {
        this.recorder = recorder;
        this.codec = codec;
        this.file = file;
        this.width = width;
        this.height = height;
    }

    /**
     * Creates the file and starts the encoder.
     *
     * @param file the output file; its extension chooses the container ({@code .mp4}, {@code .mkv}, ...)
     * @param width frame width of the video
     * @param height frame height of the video
     * @param fps frame rate
     * @return the writer
     * @throws VideoWriteException when the file cannot be created or no encoder starts
     */
    public static AnnotatedVideoWriter open(Path file, int width, int height, double fps) {
        Objects.requireNonNull(file, "file");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Video size must be positive, got " + width + "x" + height + ".");
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be a positive number, got " + fps + ".");
        }
        Exception first = null;
        int[] codecs = {avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_MPEG4};
        String[] names = {"H.264", "MPEG-4"};
        for (int i = 0; i < codecs.length; i++) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
            r.setFrameRate(fps);
            r.setVideoCodec(codecs[i]);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setVideoBitrate((int) Math.min(20_000_000, Math.max(1_500_000, width * (double) height * fps * 0.2)));
            r.setGopSize((int) Math.max(1, Math.round(fps * 2)));
            try {
                r.start();
                return new AnnotatedVideoWriter(r, names[i], file, width, height);
            } catch (FrameRecorder.Exception | RuntimeException e) {
                if (first == null) {
                    first = e;
                }
                try {
                    r.release();
                } catch (FrameRecorder.Exception | RuntimeException ignored) {
                    // nothing more to release
                }
            }
        }
        throw new VideoWriteException("Cannot write video " + file + ": " + first.getMessage()
                + ". Check that the folder exists and is writable.", first);
    }

    /**
     * Draws a frame's tracked faces (boxes, landmarks, smoothed emotions, track ids) and writes it.
     *
     * @param frame a stream result
     * @throws VideoWriteException when the frame has another size than the video, or encoding fails
     */
    public void write(FrameResult frame) {
        Objects.requireNonNull(frame, "frame");
        checkSize(frame.width(), frame.height(), "Frame " + frame.index());
        write(Annotator.annotate(frame));
    }

    /**
     * Writes a picture as the next frame.
     *
     * @param picture a picture of the video's size
     * @throws VideoWriteException when it has another size, or encoding fails
     */
    public void write(BufferedImage picture) {
        Objects.requireNonNull(picture, "picture");
        checkSize(picture.getWidth(), picture.getHeight(), "The picture");
        write(Images.of(picture));
    }

    /**
     * Writes an image as the next frame.
     *
     * @param image an image of the video's size
     * @throws VideoWriteException when it has another size, or encoding fails
     */
    public void write(FerImage image) {
        Objects.requireNonNull(image, "image");
        if (closed) {
            throw new IllegalStateException("AnnotatedVideoWriter is closed");
        }
        checkSize(image.width(), image.height(), "The image");
        try {
            recorder.record(FrameAdapters.toFrame(image));
            frames++;
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoWriteException("Writing frame " + frames + " to " + file + " failed: " + e.getMessage()
                    + ".", e);
        }
    }

    private void checkSize(int w, int h, String what) {
        if (w != width || h != height) {
            throw new VideoWriteException(what + " is " + w + "x" + h + " but the video " + file + " is " + width
                    + "x" + height + "; a video keeps one frame size. Scale the frames or start a new file.", null);
        }
    }

    /**
     * The encoder in use.
     *
     * @return {@code H.264} or {@code MPEG-4}
     */
    public String codec() {
        return codec;
    }

    /**
     * Frames written so far.
     *
     * @return the count
     */
    public long frames() {
        return frames;
    }

    /**
     * Finishes the file (writes the container index) and releases the encoder; idempotent.
     *
     * @throws VideoWriteException when finishing the file fails
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoWriteException("Finishing video " + file + " failed: " + e.getMessage() + ".", e);
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception | RuntimeException ignored) {
                // released already
            }
        }
    }
}
