package dev.fer.examples;

import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.video.FramePolicy;
import dev.fer.video.StreamRun;
import dev.fer.video.StreamRunner;
import dev.fer.video.javacv.GrabberSource;
import dev.fer.video.javacv.VideoSources;
import javax.swing.WindowConstants;
import org.bytedeco.javacv.CanvasFrame;

/**
 * Copy me: shows camera 0 in a window with tracked faces and smoothed emotions until the window is closed; stale
 * frames are dropped when analysis is slower than the camera. Needs a display and a camera. Usage:
 * {@code WebcamExample}.
 */
public final class WebcamExample {
    private WebcamExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (EmotionPipeline pipeline = EmotionPipeline.builder().threads(1).build();
                GrabberSource camera = VideoSources.camera(0);
                StreamRun run = StreamRunner.builder(pipeline).workers(2).policy(FramePolicy.LATEST_FRAME).build()
                        .start(camera)) {
            CanvasFrame window = new CanvasFrame("fer-java", 1.0);
            window.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            while (window.isDisplayable() && run.hasNext()) {
                window.showImage(Annotator.annotate(run.next()));
            }
            window.dispose();
        }
    }
}
