package dev.fer.examples;

import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.video.javacv.FrameAdapters;
import dev.fer.image.FerImage;
import javax.swing.WindowConstants;
import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameGrabber;

/**
 * Copy me: shows camera 0 in a window with face boxes and emotions until the window is closed. Needs a display and
 * a camera. Usage: {@code WebcamExample}.
 */
public final class WebcamExample {
    private WebcamExample() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception when the camera cannot be opened
     */
    public static void main(String[] args) throws Exception {
        try (EmotionPipeline pipeline = EmotionPipeline.builder().scoreThreshold(0.6f).build();
                OpenCVFrameGrabber camera = new OpenCVFrameGrabber(0)) {
            camera.start();
            CanvasFrame window = new CanvasFrame("fer-java", 1.0);
            window.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            while (window.isDisplayable()) {
                Frame frame = camera.grab();
                if (frame == null) {
                    break;
                }
                FerImage image = FrameAdapters.toFerImage(frame);
                window.showImage(Annotator.annotate(image, pipeline.analyze(image)));
            }
            camera.stop();
        }
    }
}
