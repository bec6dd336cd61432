package dev.fer.examples;

import dev.fer.EmotionPipeline;
import dev.fer.video.javacv.FrameAdapters;
import dev.fer.result.AnalysisResult;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Copy me: reads a video with JavaCV's FFmpeg grabber and prints the faces and the top face's emotion for each
 * frame. Usage: {@code VideoFileExample video.mp4}.
 */
public final class VideoFileExample {
    private VideoFileExample() {
    }

    /**
     * Runs the example.
     *
     * @param args the video file
     * @throws Exception when the video cannot be read
     */
    public static void main(String[] args) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg logs every stream it opens by default
        try (EmotionPipeline pipeline = EmotionPipeline.createDefault();
                FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(args[0])) {
            grabber.start();
            Frame frame;
            int index = 0;
            while ((frame = grabber.grabImage()) != null) {
                // toFerImage copies the pixels: the grabber overwrites this frame's buffer on the next grab.
                AnalysisResult r = pipeline.analyze(FrameAdapters.toFerImage(frame));
                String top = r.faces().isEmpty() ? "-" : r.faces().get(0).dominant().orElseThrow().jsonName();
                System.out.printf("frame %4d  %6.2f s  %d face(s)  %s%n", index++, frame.timestamp / 1e6,
                        r.faces().size(), top);
            }
            grabber.stop();
        }
    }
}
