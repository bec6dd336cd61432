package dev.fer.examples.cli;

import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.video.javacv.FrameAdapters;
import dev.fer.image.FerImage;
import dev.fer.result.AnalysisResult;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.Locale;
import javax.swing.WindowConstants;
import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameGrabber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code webcam [--camera N]}: live camera picture with face boxes and emotions in a window, with the frame rate.
 * Close the window to stop.
 */
@Command(name = "webcam", abbreviateSynopsis = true,
        description = {"live camera with emotion overlays in a window", "",
                "Shows the camera picture with face boxes, landmarks and emotions in a window, with the frames per "
                        + "second. Close the window to stop. Needs a desktop session and a camera (OpenCV videoio)."})
public final class WebcamCommand extends BaseCommand {
    @Mixin
    PipelineArgs pipelineArgs;

    @Option(names = "--camera", paramLabel = "N", converter = Numbers.NonNegative.class,
            description = "camera index (default 0)")
    Integer cameraArg;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        int camera = cameraArg == null ? 0 : cameraArg;
        PipelineOptions options = pipelineArgs.options();
        if (GraphicsEnvironment.isHeadless()) {
            err.println(PROGRAM + " webcam: no display available (headless); the webcam command needs a desktop "
                    + "session");
            return USAGE;
        }
        try (OpenCVFrameGrabber grabber = new OpenCVFrameGrabber(camera)) {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                err.println(PROGRAM + " webcam: cannot open camera " + camera + ": " + describe(e));
                return USAGE;
            }
            try (EmotionPipeline pipeline = options.build()) {
                CanvasFrame canvas = new CanvasFrame("fer-java webcam (camera " + camera + ")", 1.0);
                canvas.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
                double fps = 0;
                long last = System.nanoTime();
                long frames = 0;
                while (canvas.isDisplayable()) {
                    Frame frame = grabber.grab();
                    if (frame == null || frame.image == null) {
                        break;
                    }
                    FerImage image = FrameAdapters.toFerImage(frame);
                    AnalysisResult result = pipeline.analyze(image);
                    BufferedImage picture = Annotator.annotate(image, result);
                    long now = System.nanoTime();
                    double instant = 1e9 / Math.max(1, now - last);
                    fps = frames == 0 ? instant : 0.9 * fps + 0.1 * instant; // smoothed
                    last = now;
                    frames++;
                    Graphics2D g = picture.createGraphics();
                    Annotator.caption(g, picture.getWidth(), picture.getHeight(), String.format(Locale.ROOT,
                            "%.1f fps  %d face%s", fps, result.faces().size(), result.faces().size() == 1 ? "" : "s"));
                    g.dispose();
                    canvas.showImage(picture);
                }
                canvas.dispose();
                out.printf(Locale.ROOT, "%d frames, %.1f fps at the end%n", frames, fps);
            }
        }
        return OK;
    }
}
