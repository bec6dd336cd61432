package dev.fer.examples.cli;

import dev.fer.Device;
import dev.fer.EmotionPipeline;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelTask;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The options every analysing command shares ({@code --detector}, {@code --classifier}, {@code --device},
 * {@code --threads}, {@code --score}) and the pipeline they describe.
 *
 * <p>When the detector is the default YuNet and {@code --score} is not given, the score threshold is
 * {@value #DEFAULT_YUNET_SCORE} instead of YuNet's upstream 0.9, which misses real faces (on the shared test clip,
 * 0.9 finds 2 to 4 of 5 faces; 0.6 finds all 5 and nothing else).
 *
 * @param detector detector id
 * @param classifier classifier id, or empty for detection only
 * @param device where models run
 * @param threads intra-op threads per model, 0 for the backend default
 * @param score score threshold, or empty for the model's default
 */
public record PipelineOptions(String detector, Optional<String> classifier, Device device, int threads,
                              Optional<Float> score) {
    /** Score threshold used with the default YuNet detector when {@code --score} is not given. */
    public static final float DEFAULT_YUNET_SCORE = 0.6f;

    /**
     * Adds the shared options to a declaration.
     *
     * @param cl the declaration
     * @return {@code cl}
     */
    public static CommandLine declare(CommandLine cl) {
        return cl.option("detector", "ID", "face detector (default " + EmotionPipeline.DEFAULT_DETECTOR + "; see "
                        + "'models list')")
                .option("classifier", "ID|none", "emotion classifier (default " + EmotionPipeline.DEFAULT_CLASSIFIER
                        + "); none: detect faces only")
                .option("device", "cpu|cuda|auto", "where models run (default cpu; cuda:N picks a GPU)")
                .option("threads", "N", "threads per model (default: the runtime's choice)")
                .option("score", "T", "detector score threshold in (0,1) (default 0.6 for the default YuNet, "
                        + "else the model's own)");
    }

    /**
     * Reads the shared options, checking ids against the catalog.
     *
     * @param args parsed arguments
     * @return the options
     * @throws UsageException for an unknown id, device or a bad number
     */
    public static PipelineOptions from(CommandLine.Parsed args) {
        String detector = args.value("detector").orElse(EmotionPipeline.DEFAULT_DETECTOR);
        requireModel(detector, ModelTask.FACE_DETECTOR, "detector");
        String cls = args.value("classifier").orElse(EmotionPipeline.DEFAULT_CLASSIFIER);
        Optional<String> classifier = cls.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(cls);
        classifier.ifPresent(id -> requireModel(id, ModelTask.EMOTION_CLASSIFIER, "classifier"));
        Device device;
        try {
            device = Device.parse(args.value("device").orElse("cpu"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown --device '" + args.value("device").orElse("")
                    + "'; expected cpu, cuda, cuda:N or auto");
        }
        int threads = args.intValue("threads", 0, 1);
        return new PipelineOptions(detector, classifier, device, threads, args.unitValue("score"));
    }

    private static void requireModel(String id, ModelTask task, String what) {
        Optional<ModelEntry> e = ModelCatalog.find(id);
        if (e.isEmpty() || e.get().task() != task) {
            String known = ModelCatalog.forTask(task).stream().map(ModelEntry::id)
                    .collect(Collectors.joining(", "));
            throw new UsageException("unknown " + what + " '" + id + "'; known: " + known
                    + (task == ModelTask.EMOTION_CLASSIFIER ? ", none" : ""));
        }
    }

    /**
     * The score threshold the pipeline will use, if this class chooses one.
     *
     * @return {@code --score}, or {@value #DEFAULT_YUNET_SCORE} for the default YuNet, or empty
     */
    public Optional<Float> effectiveScore() {
        if (score.isPresent()) {
            return score;
        }
        return detector.equals(EmotionPipeline.DEFAULT_DETECTOR) ? Optional.of(DEFAULT_YUNET_SCORE)
                : Optional.empty();
    }

    /**
     * A copy with another thread count when none was given on the command line.
     *
     * @param fallback threads per model to use when {@code --threads} was absent
     * @return the options
     */
    public PipelineOptions withDefaultThreads(int fallback) {
        return threads > 0 ? this : new PipelineOptions(detector, classifier, device, fallback, score);
    }

    /**
     * A builder preset with these options; add more settings or call {@code build()}.
     *
     * @return the builder
     */
    public EmotionPipeline.Builder builder() {
        EmotionPipeline.Builder b = EmotionPipeline.builder().detector(detector).device(device).threads(threads);
        classifier.ifPresentOrElse(b::classifier, b::noClassifier);
        effectiveScore().ifPresent(b::scoreThreshold);
        return b;
    }

    /**
     * Builds the pipeline (resolving and loading the models).
     *
     * @return a new pipeline; close it
     */
    public EmotionPipeline build() {
        return builder().build();
    }
}
