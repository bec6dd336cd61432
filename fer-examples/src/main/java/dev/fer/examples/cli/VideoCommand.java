package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.draw.Palette;
import dev.fer.examples.draw.TimelineChart;
import dev.fer.video.javacv.FrameAdapters;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code video INPUT [--out OUT.mp4] [--csv TIMELINE.csv] [--every N] [--max-frames N]}: analyses a video file
 * frame by frame, writes an annotated copy at the original frame rate, a per-frame CSV timeline and a chart of it.
 */
@Command(name = "video", abbreviateSynopsis = true,
        description = {"faces and emotions in a video (annotated video, CSV timeline, chart)", "",
                "Analyses a video file (anything FFmpeg reads) frame by frame. Writes an annotated video at the "
                        + "original frame rate, a CSV timeline with the top face's emotions per analysed frame, and a "
                        + "chart of that timeline as a PNG next to the CSV."})
public final class VideoCommand extends BaseCommand {
    @Mixin
    PipelineArgs pipelineArgs;

    @Option(names = "--out", paramLabel = "OUT.mp4", description = "write the annotated video (H.264, or MPEG-4 "
            + "when no H.264 encoder)")
    String outArg;

    @Option(names = "--csv", paramLabel = "TIMELINE.csv", description = "write one row per analysed frame, and "
            + "TIMELINE.png beside it")
    String csvArg;

    @Option(names = "--every", paramLabel = "N", converter = Numbers.Positive.class, description = "analyse every "
            + "Nth frame (default 1); other frames reuse the last overlay")
    Integer everyArg;

    @Option(names = "--max-frames", paramLabel = "N", converter = Numbers.Positive.class, description = "stop "
            + "after N frames (default: the whole video)")
    Integer maxFramesArg;

    @Parameters(paramLabel = "INPUT", arity = "1", description = "the video file")
    String inputArg;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        Path input = existingFile(inputArg);
        PipelineOptions options = pipelineArgs.options();
        Path outVideo = outArg == null ? null : outputFile(outArg);
        Path csv = csvArg == null ? null : outputFile(csvArg);
        int every = everyArg == null ? 1 : everyArg;
        int maxFrames = maxFramesArg == null ? Integer.MAX_VALUE : maxFramesArg;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);

        try (EmotionPipeline pipeline = options.build();
                FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.toFile())) {
            try {
                // Our one-line message says it all; FFmpeg's own complaint ("moov atom not found") would be a second.
                avutil.av_log_set_level(avutil.AV_LOG_QUIET);
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new UsageException("cannot read video " + input + ": " + oneLine(e.getMessage()));
            } finally {
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            }
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            double fps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25;
            int length = grabber.getLengthInFrames();
            long total = length > 0 ? Math.min(length, maxFrames) : (maxFrames < Integer.MAX_VALUE ? maxFrames : 0);
            List<Emotion> classes = pipeline.classifier().map(c -> Palette.ordered(c.classes())).orElse(List.of());
            out.printf(Locale.ROOT, "%s: %dx%d, %.2f fps, %s frames%n", input, width, height, fps,
                    length > 0 ? String.valueOf(length) : "unknown");

            Recorder recorder = outVideo == null ? null : Recorder.open(outVideo, width, height, fps);
            TimelineChart chart = csv == null || classes.isEmpty() ? null
                    : new TimelineChart(input.getFileName()
                            + " — emotions of the top face (highest detector score) per frame", classes);
            Stats stats = new Stats();
            Progress progress = new Progress("frames", total, err, Progress.isTerminal());
            try (BufferedWriter timeline = csv == null ? null : Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                if (timeline != null) {
                    List<String> header = new ArrayList<>(List.of("frame", "time_s", "faces", "dominant"));
                    classes.forEach(e -> header.add(e.jsonName()));
                    timeline.write(Csv.row(header));
                    timeline.newLine();
                }
                AnalysisResult last = null;
                Frame frame;
                long index = 0;
                while (index < maxFrames && (frame = grabber.grabImage()) != null) {
                    // Copy now: the grabber reuses this Frame's buffer for the next grab.
                    FerImage image = FrameAdapters.toFerImage(frame);
                    double time = frame.timestamp >= 0 ? frame.timestamp / 1e6 : index / fps;
                    if (index % every == 0) {
                        last = pipeline.analyze(image);
                        stats.add(last);
                        FaceAnalysis top = last.faces().isEmpty() ? null : last.faces().get(0);
                        if (timeline != null) {
                            timeline.write(Csv.row(timelineRow(index, time, last, top, classes)));
                            timeline.newLine();
                        }
                        if (chart != null) {
                            chart.add(time, top == null ? null
                                    : top.emotions().map(EmotionScores::probabilities).orElse(null));
                        }
                    }
                    if (recorder != null) {
                        BufferedImage picture = Annotator.annotate(image, last);
                        Graphics2D g = picture.createGraphics();
                        Annotator.caption(g, width, height, String.format(Locale.ROOT, "frame %d  %.2f s", index,
                                time));
                        g.dispose();
                        recorder.record(FrameAdapters.toFrame(Images.of(picture)));
                    }
                    index++;
                    progress.update(index);
                }
                stats.frames = index;
            } finally {
                progress.finish();
                if (recorder != null) {
                    recorder.close();
                }
            }
            double secs = progress.elapsedSeconds();
            out.print(stats.summary(secs));
            if (recorder != null) {
                out.println("annotated video: " + outVideo + " (" + recorder.codec + ", " + String.format(Locale.ROOT,
                        "%.2f", fps) + " fps)");
            }
            if (csv != null) {
                out.println("timeline: " + csv);
            }
            if (chart != null) {
                Path png = sibling(csv, "png");
                AnalyzeCommand.writePicture(chart.render(), png);
                out.println("timeline chart: " + png);
            }
        }
        return OK;
    }

    private static List<String> timelineRow(long index, double time, AnalysisResult r, FaceAnalysis top,
                                            List<Emotion> classes) {
        List<String> row = new ArrayList<>();
        row.add(Long.toString(index));
        row.add(Csv.num(time, 4));
        row.add(Integer.toString(r.faces().size()));
        row.add(top == null ? "" : top.dominant().map(Emotion::jsonName).orElse(""));
        for (Emotion e : classes) {
            row.add(top == null ? "" : top.emotions().map(s -> Csv.num(s.probability(e), 6)).orElse(""));
        }
        return row;
    }

    /** Counts for the closing summary. */
    private static final class Stats {
        long frames;
        long analysed;
        long faces;
        long withFace;
        final Map<Emotion, Integer> dominant = new EnumMap<>(Emotion.class);

        void add(AnalysisResult r) {
            analysed++;
            faces += r.faces().size();
            if (!r.faces().isEmpty()) {
                withFace++;
                r.faces().get(0).dominant().ifPresent(e -> dominant.merge(e, 1, Integer::sum));
            }
        }

        String summary(double secs) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%d frames (%d analysed) in %.1f s: %.1f frames/s%n", frames,
                    analysed, secs, frames / Math.max(secs, 1e-9)));
            sb.append(String.format(Locale.ROOT, "%d faces in all; a face in %d of %d analysed frames%n", faces,
                    withFace, analysed));
            if (!dominant.isEmpty()) {
                sb.append("dominant emotion of the top face:");
                dominant.entrySet().stream()
                        .sorted((a, b) -> b.getValue() - a.getValue())
                        .forEach(e -> sb.append(String.format(Locale.ROOT, " %s %.0f%%", e.getKey().jsonName(),
                                100.0 * e.getValue() / withFace)));
                sb.append(System.lineSeparator());
            }
            return sb.toString();
        }
    }

    /** The annotated video: H.264 when the FFmpeg build has an encoder for it, else MPEG-4 Part 2. */
    private static final class Recorder implements AutoCloseable {
        final FFmpegFrameRecorder recorder;
        final String codec;

        private Recorder(FFmpegFrameRecorder recorder, String codec) {
            this.recorder = recorder;
            this.codec = codec;
        }

        static Recorder open(Path file, int width, int height, double fps) throws FrameRecorder.Exception {
            FrameRecorder.Exception first = null;
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
                    return new Recorder(r, names[i]);
                } catch (FrameRecorder.Exception e) {
                    if (first == null) {
                        first = e;
                    }
                    r.release();
                }
            }
            throw first;
        }

        void record(Frame frame) throws FrameRecorder.Exception {
            recorder.record(frame);
        }

        @Override
        public void close() throws FrameRecorder.Exception {
            try {
                recorder.stop();
            } finally {
                recorder.release();
            }
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
