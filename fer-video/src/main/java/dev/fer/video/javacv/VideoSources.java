package dev.fer.video.javacv;

import dev.fer.video.FrameSourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameGrabber;

/**
 * Opens video files, network streams and cameras as {@link GrabberSource}s for a {@link dev.fer.video.StreamRunner}.
 * Files and URLs are read with FFmpeg, cameras with OpenCV's videoio.
 *
 * <p>Stateless and thread-safe. Each source it returns is not thread-safe and must be closed.
 *
 * <pre>{@code
 * try (GrabberSource video = VideoSources.file(Path.of("clip.mp4"))) { ... }
 * try (GrabberSource live = VideoSources.url("rtsp://camera.local/stream")) { ... }
 * try (GrabberSource webcam = VideoSources.camera(0)) { ... }
 * }</pre>
 */
public final class VideoSources {
    /** Read timeout for network streams: a stalled stream fails after this long instead of blocking forever. */
    public static final long NETWORK_TIMEOUT_MICROS = 10_000_000L;

    private VideoSources() {
    }

    /**
     * Opens a video file (anything FFmpeg reads). Frames carry the file's timestamps; a file that ends before the
     * frame count its header declares makes the source throw {@link FrameSourceException} at that point.
     *
     * @param file the file
     * @return the started source
     * @throws FrameSourceException when the file does not exist, cannot be opened or has no video stream
     */
    public static GrabberSource file(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new FrameSourceException("No such video file: " + file + ".", 0, null);
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        String what = "video " + file;
        start(g, what, "Check that it is a video file FFmpeg can read.");
        long declared = declaredFrames(g);
        return new GrabberSource(g, what, false, declared);
    }

    /**
     * Opens a network stream (RTSP, HTTP, HLS, ...) as a live source: frames are timestamped on arrival, and a read
     * that stalls for {@link #NETWORK_TIMEOUT_MICROS} fails.
     *
     * @param url the stream URL
     * @return the started source
     * @throws FrameSourceException when the stream cannot be opened
     */
    public static GrabberSource url(String url) {
        Objects.requireNonNull(url, "url");
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url);
        String timeout = Long.toString(NETWORK_TIMEOUT_MICROS);
        g.setOption("rw_timeout", timeout);
        if (url.startsWith("rtsp:")) {
            g.setOption("timeout", timeout);
            g.setOption("rtsp_transport", "tcp");
        }
        String what = "stream " + url;
        start(g, what, "Check the URL and that the stream is reachable.");
        return new GrabberSource(g, what, true, -1);
    }

    /**
     * Opens a camera by index (0 is the default camera) as a live source: frames are timestamped on arrival.
     *
     * @param index the camera index, 0 or more
     * @return the started source
     * @throws FrameSourceException when the camera does not exist, is in use by another program, or gives no
     *     frame
     */
    public static GrabberSource camera(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Camera index must be 0 or more, got " + index + ".");
        }
        OpenCVFrameGrabber g = new OpenCVFrameGrabber(index);
        String what = "camera " + index;
        start(g, what, "Check that the camera exists and that no other program is using it.");
        if (g.getImageWidth() <= 0) {
            release(g);
            throw new FrameSourceException("Cannot open " + what + ": it gives no picture. Check that the camera "
                    + "exists and that no other program is using it.", 0, null);
        }
        return new GrabberSource(g, what, true, -1);
    }

    private static void start(FrameGrabber g, String what, String advice) {
        int level = avutil.av_log_get_level();
        try {
            // Our one-line message says it all; FFmpeg's own complaint ("moov atom not found") would be a second.
            avutil.av_log_set_level(avutil.AV_LOG_QUIET);
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            String msg = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().replace("(For more details, make sure FFmpegLogCallback.set() has been called.)",
                            "").strip();
            throw new FrameSourceException("Cannot open " + what + ": " + msg + (msg.endsWith(".") ? " " : ". ")
                    + advice, 0, e);
        } finally {
            avutil.av_log_set_level(Math.min(level, avutil.AV_LOG_ERROR));
        }
        if (g.getImageWidth() <= 0 && g instanceof FFmpegFrameGrabber) {
            release(g);
            throw new FrameSourceException("Cannot open " + what + ": it has no video stream. " + advice, 0, null);
        }
    }

    private static long declaredFrames(FFmpegFrameGrabber g) {
        AVFormatContext ctx = g.getFormatContext();
        if (ctx == null) {
            return -1;
        }
        long best = -1;
        for (int i = 0; i < ctx.nb_streams(); i++) {
            AVStream s = ctx.streams(i);
            if (s.codecpar() != null && s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO && s.nb_frames() > 0) {
                best = Math.max(best, s.nb_frames());
            }
        }
        return best;
    }

    private static void release(FrameGrabber g) {
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // nothing more to release
        }
    }
}
