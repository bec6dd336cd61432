package dev.fer.examples.cli;

import dev.fer.Device;
import dev.fer.EmotionPipeline;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelTask;
import dev.fer.onnx.FittedHead;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The picocli mixin of the options every analysing command shares: {@code --detector}, {@code --classifier},
 * {@code --device}, {@code --threads}, {@code --score}. Add it to a command with {@code @Mixin PipelineArgs
 * pipeline;} and call {@link #options()} in {@code execute}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
public final class PipelineArgs {
    private static final Pattern DEVICE = Pattern.compile("cpu|auto|cuda(:\\d{1,3})?");

    @Option(names = "--detector", paramLabel = "ID",
            description = "face detector (default " + EmotionPipeline.DEFAULT_DETECTOR + "; see 'models list')")
    String detector;

    @Option(names = "--classifier", paramLabel = "ID|FILE|none",
            description = "emotion classifier (default " + EmotionPipeline.DEFAULT_CLASSIFIER
                    + "), or a head file written by 'train'; none: detect faces only")
    String classifier;

    @Option(names = "--device", paramLabel = "cpu|cuda|cuda:N|auto",
            description = "where models run (default cpu; cuda is cuda:0; auto: CUDA when it works, else the CPU)")
    String device;

    @Option(names = "--threads", paramLabel = "N", converter = Numbers.Positive.class,
            description = "threads per model (default: the runtime's choice); video and webcam: frames analysed "
                    + "in parallel, one thread each (default 2)")
    Integer threads;

    @Option(names = "--score", paramLabel = "T", converter = Numbers.Unit.class,
            description = "detector score threshold in (0,1) (default 0.6 for the default YuNet, else the model's "
                    + "own)")
    Float score;

    /**
     * Reads the shared options, checking ids against the catalog.
     *
     * @return the options
     * @throws UsageException for an unknown id or device
     */
    public PipelineOptions options() {
        String det = detector != null ? detector : EmotionPipeline.DEFAULT_DETECTOR;
        requireModel(det, ModelTask.FACE_DETECTOR, "detector");
        String cls = classifier != null ? classifier : EmotionPipeline.DEFAULT_CLASSIFIER;
        Optional<String> cl = cls.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(cls);
        cl.filter(id -> !FittedHead.isFile(id)).ifPresent(id -> requireModel(id, ModelTask.EMOTION_CLASSIFIER,
                "classifier"));
        String d = device != null ? device : "cpu";
        // Exactly what the help says: no aliases, no other case, no blanks.
        if (!DEVICE.matcher(d).matches()) {
            throw new UsageException("unknown --device '" + d + "'; expected cpu, cuda, cuda:N or auto");
        }
        Device dev = Device.parse(d);
        return new PipelineOptions(det, cl, dev, threads == null ? 0 : threads, Optional.ofNullable(score));
    }

    private static void requireModel(String id, ModelTask task, String what) {
        Optional<ModelEntry> e = ModelCatalog.find(id);
        if (e.isEmpty() || e.get().task() != task) {
            String known = ModelCatalog.knownIds(task);
            throw new UsageException("unknown " + what + " '" + id + "'; known: " + known
                    + (task == ModelTask.EMOTION_CLASSIFIER ? ", none, or the path of a head file" : ""));
        }
    }
}
