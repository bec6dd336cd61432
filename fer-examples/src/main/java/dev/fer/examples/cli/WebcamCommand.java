package dev.fer.examples.cli;

import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.track.SmoothingConfig;
import dev.fer.video.FramePolicy;
import dev.fer.video.FrameResult;
import dev.fer.video.FrameSourceException;
import dev.fer.video.StreamReport;
import dev.fer.video.StreamRun;
import dev.fer.video.StreamRunner;
import dev.fer.video.javacv.GrabberSource;
import dev.fer.video.javacv.VideoSources;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.Locale;
import javax.swing.WindowConstants;
import org.bytedeco.javacv.CanvasFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code webcam [--camera N] [--threads N] [--smooth ALPHA|off] [--detect-every K]}: live camera picture with
 * tracked faces and smoothed emotions in a window, with the measured frame rate and latency. Analysis runs on the
 * stream runner with the latest-frame policy: when analysis is slower than the camera, stale frames are dropped
 * instead of lagging. Close the window to stop; a summary per track is printed.
 */
@Command(name = "webcam", abbreviateSynopsis = true,
        description = {"live camera with tracked faces and emotions in a window", "",
                "Shows the camera picture with face boxes, track ids and smoothed emotions in a window, with the "
                        + "measured frames per second and latency. Stale frames are dropped when analysis is slower "
                        + "than the camera, so the picture never lags. Close the window to stop; a summary per track "
                        + "is printed. Needs a desktop session and a camera (OpenCV videoio)."})
public final class WebcamCommand extends BaseCommand {
    @Mixin
    PipelineArgs pipelineArgs;

    @Option(names = "--camera", paramLabel = "N", converter = Numbers.NonNegative.class,
            description = "camera index (default 0)")
    Integer cameraArg;

    @Option(names = "--smooth", paramLabel = "ALPHA|off", description = "smoothing of each track's emotions: an "
            + "EMA weight in (0,1] (default " + SmoothingConfig.DEFAULT_ALPHA + "), window:N, or off")
    String smoothArg;

    @Option(names = "--detect-every", paramLabel = "K", converter = Numbers.Positive.class,
            description = "run the detector on every Kth frame only (default 1); frames between are classified on "
                    + "the boxes the tracker predicts")
    Integer detectEveryArg;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        int camera = cameraArg == null ? 0 : cameraArg;
        SmoothingConfig smoothing = VideoCommand.smoothing(smoothArg);
        PipelineOptions options = pipelineArgs.options();
        int workers = options.threads() > 0 ? options.threads() : VideoCommand.DEFAULT_WORKERS;
        if (GraphicsEnvironment.isHeadless()) {
            throw new UsageException("no display available (headless); the webcam command needs a desktop session");
        }
        GrabberSource source;
        try {
            source = VideoSources.camera(camera);
        } catch (FrameSourceException e) {
            throw new UsageException(oneLine(e.getMessage()));
        }
        try (source) {
            try (EmotionPipeline pipeline = new PipelineOptions(options.detector(), options.classifier(),
                    options.device(), 1, options.score()).build()) {
                StreamRunner runner = StreamRunner.builder(pipeline).workers(workers).policy(FramePolicy.LATEST_FRAME)
                        .smoothing(smoothing).detectEvery(detectEveryArg == null ? 1 : detectEveryArg).build();
                CanvasFrame canvas = new CanvasFrame("fer-java webcam (camera " + camera + ")", 1.0);
                canvas.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
                double fps = 0;
                double latencyMs = 0;
                double maxLatencyMs = 0;
                long last = System.nanoTime();
                long start = last;
                long frames = 0;
                StreamReport report;
                StreamRun run = runner.start(source);
                try {
                    while (canvas.isDisplayable() && run.hasNext()) {
                        FrameResult r = run.next();
                        long now = System.nanoTime();
                        double instant = 1e9 / Math.max(1, now - last);
                        double lat = r.latency().toNanos() / 1e6;
                        fps = frames == 0 ? instant : 0.9 * fps + 0.1 * instant; // smoothed
                        latencyMs = frames == 0 ? lat : 0.9 * latencyMs + 0.1 * lat;
                        maxLatencyMs = Math.max(maxLatencyMs, lat);
                        last = now;
                        frames++;
                        BufferedImage picture = Annotator.annotate(r);
                        Graphics2D g = picture.createGraphics();
                        Annotator.caption(g, picture.getWidth(), picture.getHeight(), String.format(Locale.ROOT,
                                "%.1f fps  latency %.0f ms  dropped %d  %d face%s", fps, latencyMs,
                                run.stats().framesDropped(), r.faces().size(), r.faces().size() == 1 ? "" : "s"));
                        g.dispose();
                        canvas.showImage(picture);
                    }
                    run.close(); // ends every thread of the run before the report is read
                    report = run.report();
                } finally {
                    run.close();
                }
                canvas.dispose();
                out.printf(Locale.ROOT, "%.1f fps at the end; latency %.0f ms (smoothed), %.0f ms at most%n", fps,
                        latencyMs, maxLatencyMs);
                out.print(StreamOutput.summary(report, (System.nanoTime() - start) / 1e9));
            }
        }
        return OK;
    }
}
