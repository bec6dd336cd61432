package dev.fer.spark;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads every N-th video frame of a file with JavaCV's FFmpeg grabber, as BGR {@link FerImage}s.
 *
 * <p><b>Thread safety:</b> not thread-safe; one instance per task. Close it to release the native decoder.
 */
final class VideoFrames implements AutoCloseable {
    /** One sampled frame. */
    record Sampled(long index, double timeSeconds, FerImage image) {
    }

    private final FFmpegFrameGrabber grabber;
    private final int everyNth;
    private long next;
    private long index = -1;
    private byte[] pixels;

    /**
     * Opens a video file.
     *
     * @param file the file
     * @param everyNth keep frames 0, N, 2N, ...
     * @throws FrameGrabber.Exception when FFmpeg cannot open the file
     */
    VideoFrames(Path file, int everyNth) throws FrameGrabber.Exception {
        this.everyNth = everyNth;
        this.grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            grabber.close();
            throw e;
        }
    }

    /**
     * The next kept frame.
     *
     * @return the frame, or null at the end of the file
     * @throws FrameGrabber.Exception when decoding fails
     */
    Sampled next() throws FrameGrabber.Exception {
        Frame frame;
        while ((frame = grabber.grabImage()) != null) {
            index++;
            if (index == next) {
                next += everyNth;
                return new Sampled(index, frame.timestamp / 1e6, toImage(frame));
            }
        }
        return null;
    }

    private FerImage toImage(Frame frame) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int row = w * 3;
        if (pixels == null || pixels.length != row * h) {
            pixels = new byte[row * h];
        }
        ByteBuffer buf = ((ByteBuffer) frame.image[0]).duplicate();
        for (int y = 0; y < h; y++) {
            buf.position(y * frame.imageStride);
            buf.get(pixels, y * row, row);
        }
        return FerImage.of(pixels, w, h, PixelFormat.BGR);
    }

    @Override
    public void close() throws FrameGrabber.Exception {
        grabber.close();
    }
}
