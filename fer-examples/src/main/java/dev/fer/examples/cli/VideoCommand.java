package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.draw.Palette;
import dev.fer.examples.draw.TimelineChart;
import dev.fer.track.SmoothingConfig;
import dev.fer.track.TrackedFace;
import dev.fer.video.FrameResult;
import dev.fer.video.FrameSource;
import dev.fer.video.FrameSourceException;
import dev.fer.video.StreamReport;
import dev.fer.video.StreamRun;
import dev.fer.video.StreamRunner;
import dev.fer.video.javacv.AnnotatedVideoWriter;
import dev.fer.video.javacv.GrabberSource;
import dev.fer.video.javacv.VideoSources;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code video INPUT [--out OUT.mp4] [--csv TIMELINE.csv] [--threads N] [--smooth ALPHA|off] [--detect-every K]
 * [--max-frames N]}: analyses a video file on the stream runner (frames in parallel, results in order), tracks the
 * faces, writes an annotated copy with track ids, a CSV row per face and frame, a timeline chart per track, and
 * prints a summary per track.
 */
@Command(name = "video", abbreviateSynopsis = true,
        description = {"faces, track ids and emotions in a video (annotated video, CSV, charts per track)", "",
                "Analyses a video file (anything FFmpeg reads): N frames in parallel (--threads), faces tracked with "
                        + "stable ids and their emotions smoothed per track. Writes an annotated video at the original "
                        + "frame rate, a CSV with one row per face and frame "
                        + "(frame,time_s,track_id,x1,y1,x2,y2,score,<emotions>,smoothed_dominant), a timeline chart "
                        + "per track as PNGs next to the CSV, and prints a summary per track."})
public final class VideoCommand extends BaseCommand {
    /** Default number of frames analysed in parallel. */
    static final int DEFAULT_WORKERS = 2;
    /** Charts are drawn for at most this many tracks (the longest). */
    static final int MAX_CHARTS = 12;

    @Mixin
    PipelineArgs pipelineArgs;

    @Option(names = "--out", paramLabel = "OUT.mp4", description = "write the annotated video (H.264, or MPEG-4 "
            + "when no H.264 encoder)")
    String outArg;

    @Option(names = "--csv", paramLabel = "TIMELINE.csv", description = "write one row per face and frame, and a "
            + "chart per track as TIMELINE-track<ID>.png beside it")
    String csvArg;

    @Option(names = "--smooth", paramLabel = "ALPHA|off", description = "smoothing of each track's emotions: an "
            + "EMA weight in (0,1] (default " + SmoothingConfig.DEFAULT_ALPHA + "), window:N, or off")
    String smoothArg;

    @Option(names = {"--detect-every", "--every"}, paramLabel = "K", converter = Numbers.Positive.class,
            description = "run the detector on every Kth frame only (default 1); frames between are classified on "
                    + "the boxes the tracker predicts")
    Integer detectEveryArg;

    @Option(names = "--max-frames", paramLabel = "N", converter = Numbers.Positive.class, description = "stop "
            + "after N frames (default: the whole video)")
    Integer maxFramesArg;

    @Parameters(paramLabel = "INPUT", arity = "1", description = "the video file")
    String inputArg;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        Path input = existingFile(inputArg);
        if (outArg != null) {
            OutputPaths.requireNotInput("--out", Path.of(outArg), List.of(input));
        }
        if (csvArg != null) {
            OutputPaths.requireNotInput("--csv", Path.of(csvArg), List.of(input));
        }
        if (outArg != null && csvArg != null && Path.of(outArg).toAbsolutePath().normalize()
                .equals(Path.of(csvArg).toAbsolutePath().normalize())) {
            throw new UsageException("--out and --csv name the same file " + outArg + "; choose two files");
        }
        SmoothingConfig smoothing = smoothing(smoothArg);
        PipelineOptions options = pipelineArgs.options();
        int workers = options.threads() > 0 ? options.threads() : DEFAULT_WORKERS;
        Path outVideo = outArg == null ? null : outputFile(outArg);
        Path csv = csvArg == null ? null : outputFile(csvArg);
        int detectEvery = detectEveryArg == null ? 1 : detectEveryArg;
        long maxFrames = maxFramesArg == null ? Long.MAX_VALUE : maxFramesArg;

        GrabberSource video;
        try {
            video = VideoSources.file(input);
        } catch (FrameSourceException e) {
            throw new UsageException("cannot read video " + input + ": " + oneLine(e.getMessage()));
        }
        // One thread per model and frame: the workers are the parallelism (see BENCHMARKS.md, stream runner).
        try (video; EmotionPipeline pipeline = new PipelineOptions(options.detector(), options.classifier(),
                options.device(), 1, options.score()).build()) {
            int width = video.width();
            int height = video.height();
            double fps = video.frameRate();
            long declared = video.declaredFrames().orElse(0);
            long total = declared > 0 ? Math.min(declared, maxFrames) : (maxFrames < Long.MAX_VALUE ? maxFrames : 0);
            List<Emotion> classes = pipeline.classifier().map(c -> Palette.ordered(c.classes())).orElse(List.of());
            out.printf(Locale.ROOT, "%s: %dx%d, %.2f fps, %s frames; %d worker%s, smoothing %s, detector on %s%n",
                    input, width, height, fps, declared > 0 ? String.valueOf(declared) : "unknown", workers,
                    workers == 1 ? "" : "s", smoothing, detectEvery == 1 ? "every frame" : "every " + detectEvery
                            + " frames");
            long[] taken = {0};
            FrameSource limited = () -> taken[0]++ < maxFrames ? video.next() : Optional.empty();
            StreamRunner runner = StreamRunner.builder(pipeline).workers(workers).smoothing(smoothing)
                    .detectEvery(detectEvery).build();
            Map<Integer, TimelineChart> charts = new HashMap<>();
            Progress progress = new Progress("frames", total, err, Progress.isTerminal());
            FrameSourceException damage = null;
            StreamReport report;
            long faces = 0;
            String codec = null;
            try (AnnotatedVideoWriter writer = outVideo == null ? null
                    : AnnotatedVideoWriter.open(outVideo, width, height, fps);
                    BufferedWriter timeline = csv == null ? null
                            : Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                    StreamRun run = runner.start(limited)) {
                codec = writer == null ? null : writer.codec();
                if (timeline != null) {
                    timeline.write(Csv.row(StreamOutput.header(classes)));
                    timeline.newLine();
                }
                try {
                    while (run.hasNext()) {
                        FrameResult r = run.next();
                        faces += r.faces().size();
                        if (timeline != null) {
                            for (List<String> row : StreamOutput.rows(r, classes)) {
                                timeline.write(Csv.row(row));
                                timeline.newLine();
                            }
                            for (TrackedFace f : r.faces()) {
                                if (f.confirmed() && f.smoothed().isPresent()) {
                                    charts.computeIfAbsent(f.trackId(), id -> new TimelineChart(input.getFileName()
                                            + " — track " + id + ", smoothed emotions", classes))
                                            .add(r.seconds(), f.smoothed().get().probabilities());
                                }
                            }
                        }
                        if (writer != null) {
                            BufferedImage picture = Annotator.annotate(r);
                            Graphics2D g = picture.createGraphics();
                            Annotator.caption(g, picture.getWidth(), picture.getHeight(), String.format(Locale.ROOT,
                                    "frame %d  %.2f s", r.index(), r.seconds()));
                            g.dispose();
                            writer.write(picture);
                        }
                        progress.update(r.index() + 1);
                    }
                } catch (FrameSourceException e) {
                    damage = e; // keep what was written: the writer and the CSV are closed normally below
                }
                report = run.report();
            } finally {
                progress.finish();
            }
            out.printf(Locale.ROOT, "%d faces in all%n", faces);
            out.print(StreamOutput.summary(report, progress.elapsedSeconds()));
            if (outVideo != null) {
                out.println("annotated video: " + outVideo + " (" + codec + ", " + String.format(Locale.ROOT,
                        "%.2f", fps) + " fps)");
            }
            if (csv != null) {
                out.println("timeline: " + csv);
                for (int id : StreamOutput.chartedTracks(report, MAX_CHARTS)) {
                    TimelineChart chart = charts.get(id);
                    if (chart != null) {
                        Path png = sibling(csv, "png");
                        png = png.resolveSibling(png.getFileName().toString().replace(".png", "-track" + id + ".png"));
                        AnalyzeCommand.writePicture(chart.render(), png);
                        out.println("timeline chart of track " + id + ": " + png);
                    }
                }
            }
            if (damage != null) {
                throw new FrameSourceException(damage.getMessage() + " The results of those frames were written.",
                        damage.framesRead(), damage);
            }
        }
        return OK;
    }

    static SmoothingConfig smoothing(String arg) {
        if (arg == null) {
            return SmoothingConfig.defaults();
        }
        try {
            return SmoothingConfig.parse(arg);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --smooth '" + arg + "': expected an EMA weight in (0,1] such as 0.3, "
                    + "window:N, or off");
        }
    }

    /**
     * Reads the frame count of a video file (for tests and scripts).
     *
     * @param file a video
     * @return the number of decodable video frames
     * @throws IOException when the file cannot be read
     */
    public static int countFrames(Path file) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            g.stop();
            return n;
        }
    }
}
