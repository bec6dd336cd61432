package dev.fer.spark;

import dev.fer.Device;
import dev.fer.EmotionPipeline;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.model.ModelTask;
import dev.fer.onnx.FittedHead;
import dev.fer.onnx.HeadFileException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * The serialisable description of the pipeline every executor builds: detector and classifier ids, device, threads
 * per model, score threshold, most faces per image, and where models come from. Spark ships this object (a few
 * strings) to the executors instead of the pipeline; each executor JVM builds one pipeline per distinct config, once,
 * and reuses it for every task (see {@link FerSpark}).
 *
 * <p><b>Thread safety:</b> immutable and safe to share; its {@link Builder} is not thread-safe.
 *
 * <p>Models are resolved on each executor through {@link ModelRepository#fromEnvironment()} ({@code FER_HOME},
 * {@code FER_MODEL_MIRROR}, {@code FER_OFFLINE} of the executor's environment) with SHA-256 verification; a mirror or
 * home set here overrides the executor's environment.
 *
 * <p><b>Fitted heads.</b> The classifier may be the path of a head file (written by the {@code train} command or
 * {@code HeadModel.write}, conventionally {@code *.ferhead}) instead of a catalog id. Each executor reads the file
 * itself, so the path must be readable there: put it on storage every executor mounts at the same path, or ship it
 * with {@code spark-submit --files my.ferhead} (or {@code SparkContext.addFile}) and give the file name or any path
 * ending in it — an executor that does not find the path as given looks for a shipped file of that name
 * ({@code SparkFiles.get}). The head's backbones are resolved through the same model repository as the detector,
 * and checked against the SHA-256s the head was fitted on. An executor JVM keeps its pipeline per config, so give a
 * re-fitted head a new file name rather than overwriting the old one while executors live.
 */
public final class PipelineConfig implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The conventional file name suffix of head files. */
    static final String HEAD_SUFFIX = ".ferhead";

    private final String detector;
    private final String classifier;
    private final String device;
    private final int threads;
    private final Float scoreThreshold;
    private final int maxFaces;
    private final String modelMirror;
    private final String modelHome;

    private PipelineConfig(Builder b) {
        this.detector = b.detector;
        this.classifier = b.classifier;
        this.device = b.device;
        this.threads = b.threads;
        this.scoreThreshold = b.scoreThreshold;
        this.maxFaces = b.maxFaces;
        this.modelMirror = b.modelMirror;
        this.modelHome = b.modelHome;
    }

    /**
     * The default configuration: {@value EmotionPipeline#DEFAULT_DETECTOR} with
     * {@value EmotionPipeline#DEFAULT_CLASSIFIER} on the CPU, one thread per model.
     *
     * @return the configuration
     */
    public static PipelineConfig defaults() {
        return builder().build();
    }

    /**
     * A new builder with every setting at its default.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset with this configuration's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.detector = detector;
        b.classifier = classifier;
        b.device = device;
        b.threads = threads;
        b.scoreThreshold = scoreThreshold;
        b.maxFaces = maxFaces;
        b.modelMirror = modelMirror;
        b.modelHome = modelHome;
        return b;
    }

    /**
     * Detector catalog id.
     *
     * @return the id
     */
    public String detector() {
        return detector;
    }

    /**
     * Classifier catalog id or head file path, or empty for detection only.
     *
     * @return the id or path
     */
    public Optional<String> classifier() {
        return Optional.ofNullable(classifier);
    }

    /**
     * Where the models run, as {@link Device#parse(String)} reads it.
     *
     * @return {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}
     */
    public String device() {
        return device;
    }

    /**
     * Intra-op threads per model on each executor.
     *
     * @return 1 or more
     */
    public int threads() {
        return threads;
    }

    /**
     * Detector score threshold, or empty for the pipeline's default.
     *
     * @return the threshold
     */
    public Optional<Float> scoreThreshold() {
        return Optional.ofNullable(scoreThreshold);
    }

    /**
     * Most faces reported per image.
     *
     * @return 1 or more
     */
    public int maxFaces() {
        return maxFaces;
    }

    /**
     * Model mirror (folder or http(s) base URL) the executors use instead of their {@code FER_MODEL_MIRROR}.
     *
     * @return the mirror, or empty to use the executor's environment
     */
    public Optional<String> modelMirror() {
        return Optional.ofNullable(modelMirror);
    }

    /**
     * fer home (model cache parent) the executors use instead of their {@code FER_HOME}.
     *
     * @return the folder, or empty to use the executor's environment
     */
    public Optional<String> modelHome() {
        return Optional.ofNullable(modelHome);
    }

    /**
     * Whether the classifier is a fitted head file rather than a catalog id.
     *
     * @return {@code true} for a head file path
     */
    public boolean classifierIsHeadFile() {
        return classifier != null && !isCatalogClassifier(classifier);
    }

    /**
     * The head file as this JVM reads it: the path as given when it is a file here, otherwise a file of the same
     * name shipped to this JVM with {@code --files} / {@code SparkContext.addFile}.
     *
     * @return the file
     * @throws HeadFileException when neither exists on this JVM
     */
    Path headFile() {
        Path given = Path.of(classifier);
        if (Files.isRegularFile(given)) {
            return given;
        }
        if (SparkEnv.get() != null && given.getFileName() != null) {
            Path shipped = Path.of(SparkFiles.get(given.getFileName().toString()));
            if (Files.isRegularFile(shipped)) {
                return shipped;
            }
        }
        throw new HeadFileException(HeadFileException.Problem.IO, "The head file " + classifier + " is not readable "
                + "on this " + (SparkEnv.get() == null ? "JVM" : "executor (" + SparkEnv.get().executorId() + ")")
                + ", neither at that path nor as a file shipped with --files. Put it on storage every executor "
                + "mounts at the same path, or ship it with spark-submit --files.", null);
    }

    /**
     * The model repository this configuration describes, read from the current JVM's environment.
     *
     * @return the repository
     */
    public ModelRepository repository() {
        ModelRepository env = ModelRepository.fromEnvironment();
        if (modelMirror == null && modelHome == null) {
            return env;
        }
        ModelRepository.Builder b = env.toBuilder();
        if (modelMirror != null) {
            b.mirror(modelMirror);
        }
        if (modelHome != null) {
            b.home(Path.of(modelHome));
        }
        return b.build();
    }

    /**
     * A pipeline builder preset with this configuration; {@code build()} it to get the same pipeline an executor
     * gets (useful to compare a single-JVM run with a Spark run).
     *
     * @return the builder
     */
    public EmotionPipeline.Builder pipelineBuilder() {
        EmotionPipeline.Builder b = EmotionPipeline.builder().detector(detector).device(Device.parse(device))
                .threads(threads).maxFaces(maxFaces).modelRepository(repository());
        if (classifier == null) {
            b.noClassifier();
        } else if (classifierIsHeadFile()) {
            b.classifier(headFile().toString());
        } else {
            b.classifier(classifier);
        }
        if (scoreThreshold != null) {
            b.scoreThreshold(scoreThreshold);
        }
        return b;
    }

    private static boolean isCatalogClassifier(String id) {
        Optional<ModelEntry> e = ModelCatalog.find(id);
        return e.isPresent() && e.get().task() == ModelTask.EMOTION_CLASSIFIER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineConfig c && detector.equals(c.detector) && Objects.equals(classifier, c.classifier)
                && device.equals(c.device) && threads == c.threads && Objects.equals(scoreThreshold, c.scoreThreshold)
                && maxFaces == c.maxFaces && Objects.equals(modelMirror, c.modelMirror)
                && Objects.equals(modelHome, c.modelHome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(detector, classifier, device, threads, scoreThreshold, maxFaces, modelMirror, modelHome);
    }

    @Override
    public String toString() {
        return "PipelineConfig[detector=" + detector + ", classifier=" + (classifier == null ? "none" : classifier)
                + ", device=" + device + ", threads=" + threads + ", score="
                + (scoreThreshold == null ? "default" : scoreThreshold) + ", maxFaces=" + maxFaces
                + (modelMirror == null ? "" : ", mirror=" + modelMirror)
                + (modelHome == null ? "" : ", home=" + modelHome) + "]";
    }

    /**
     * Builds a {@link PipelineConfig}. Not thread-safe. Defaults: detector {@value EmotionPipeline#DEFAULT_DETECTOR},
     * classifier {@value EmotionPipeline#DEFAULT_CLASSIFIER}, device {@code cpu}, 1 thread per model (Spark's task
     * slots are the parallelism), the pipeline's default score threshold, at most 100 faces, models from each
     * executor's environment.
     */
    public static final class Builder {
        private String detector = EmotionPipeline.DEFAULT_DETECTOR;
        private String classifier = EmotionPipeline.DEFAULT_CLASSIFIER;
        private String device = "cpu";
        private int threads = 1;
        private Float scoreThreshold;
        private int maxFaces = 100;
        private String modelMirror;
        private String modelHome;

        private Builder() {
        }

        /**
         * Detector by catalog id. Default {@value EmotionPipeline#DEFAULT_DETECTOR}.
         *
         * @param id a detector id
         * @return this builder
         */
        public Builder detector(String id) {
            this.detector = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Classifier by catalog id, a fitted head file's path (see the class javadoc: the path must be readable on
         * every executor, or the file shipped with {@code --files}), or {@code none} for detection only. Default
         * {@value EmotionPipeline#DEFAULT_CLASSIFIER}.
         *
         * @param id a classifier id, a head file path or {@code none}
         * @return this builder
         */
        public Builder classifier(String id) {
            Objects.requireNonNull(id, "id");
            this.classifier = id.equalsIgnoreCase("none") ? null : id;
            return this;
        }

        /**
         * Device: {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}. Default {@code cpu}.
         *
         * @param device the device
         * @return this builder
         */
        public Builder device(String device) {
            this.device = Objects.requireNonNull(device, "device").trim().toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Intra-op threads per model. Default 1: each Spark task slot runs one image at a time.
         *
         * @param threads 1 or more
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Detector score threshold. Default: the pipeline's ({@value EmotionPipeline#DEFAULT_SCORE_THRESHOLD} for
         * the default detector, otherwise the model's upstream value).
         *
         * @param threshold in (0, 1)
         * @return this builder
         */
        public Builder scoreThreshold(float threshold) {
            this.scoreThreshold = threshold;
            return this;
        }

        /**
         * Most faces reported per image. Default 100.
         *
         * @param maxFaces 1 or more
         * @return this builder
         */
        public Builder maxFaces(int maxFaces) {
            this.maxFaces = maxFaces;
            return this;
        }

        /**
         * A model mirror (folder or http(s) base URL) for every executor, overriding their {@code FER_MODEL_MIRROR}.
         * Default: none, the executor's environment decides.
         *
         * @param mirror the mirror
         * @return this builder
         */
        public Builder modelMirror(String mirror) {
            this.modelMirror = Objects.requireNonNull(mirror, "mirror");
            return this;
        }

        /**
         * The fer home (cache at {@code <home>/models}) for every executor, overriding their {@code FER_HOME}.
         * Default: none, the executor's environment decides.
         *
         * @param home a folder that exists or can be created on every executor
         * @return this builder
         */
        public Builder modelHome(String home) {
            this.modelHome = Objects.requireNonNull(home, "home");
            return this;
        }

        /**
         * Validates the settings together and returns the configuration. Models are not loaded here: each executor
         * loads them on first use.
         *
         * @return the configuration
         * @throws IllegalArgumentException when an id is unknown or a value is out of range
         */
        public PipelineConfig build() {
            requireModel(detector, ModelTask.FACE_DETECTOR, "detector");
            if (classifier != null && !isCatalogClassifier(classifier) && !looksLikeHeadFile(classifier)) {
                requireModel(classifier, ModelTask.EMOTION_CLASSIFIER, "classifier");
            }
            Device.parse(device);
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads + ".");
            }
            if (scoreThreshold != null && !(scoreThreshold > 0f && scoreThreshold < 1f)) {
                throw new IllegalArgumentException("scoreThreshold must be between 0 and 1 (exclusive), got "
                        + scoreThreshold + ".");
            }
            if (maxFaces < 1) {
                throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces + ".");
            }
            return new PipelineConfig(this);
        }

        /**
         * A head file path: a file that exists here, or a name ending in {@code .ferhead} (the file may exist only
         * on the executors, or be shipped with {@code --files}).
         */
        private static boolean looksLikeHeadFile(String id) {
            return id.toLowerCase(Locale.ROOT).endsWith(HEAD_SUFFIX) || FittedHead.isFile(id);
        }

        private static void requireModel(String id, ModelTask task, String what) {
            Optional<ModelEntry> e = ModelCatalog.find(id);
            if (e.isEmpty() || e.get().task() != task) {
                throw new IllegalArgumentException("Unknown " + what + " id '" + id + "'; expected one of "
                        + ModelCatalog.knownIds(task)
                        + (task == ModelTask.EMOTION_CLASSIFIER ? ", none, or the path of a head file (*" + HEAD_SUFFIX
                        + ")" : "") + ".");
            }
        }
    }
}
