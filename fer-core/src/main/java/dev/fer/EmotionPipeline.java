package dev.fer;

import dev.fer.image.DecodeOptions;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.internal.CloseGuard;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelRepository;
import dev.fer.model.ModelTask;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import dev.fer.result.Timings;
import dev.fer.spi.ClassifierRequest;
import dev.fer.spi.DetectorRequest;
import dev.fer.spi.ModelBackend;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The main call of fer-java: detect every face in an image, align or crop it, classify all faces in one batch and
 * return an immutable {@link AnalysisResult}.
 *
 * <p><b>Thread safety:</b> a pipeline is safe to share across threads; {@code analyze} may be called concurrently
 * and gives the same result as a single-threaded call. {@link #close()} is idempotent, waits for calls in flight,
 * and closes only the detector and classifier the pipeline created itself (by id), never instances it was handed.
 * Builders are not thread-safe.
 *
 * <pre>{@code
 * try (EmotionPipeline pipeline = EmotionPipeline.createDefault()) {
 *     AnalysisResult result = pipeline.analyze(Path.of("group.jpg"));
 *     for (FaceAnalysis face : result.faces()) {
 *         System.out.println(face.detection().box() + " " + face.dominant().orElseThrow());
 *     }
 * }
 * }</pre>
 */
public final class EmotionPipeline implements AutoCloseable {
    /**
     * Detector id used when the builder names none; chosen by measurement (see README and BENCHMARKS.md): YuNet with
     * a dynamic input, run at a size derived from the frame and {@link #DEFAULT_MIN_FACE_SIZE} instead of a fixed
     * 640×640 (same weights as {@code yunet-2023mar}, identical faces at the same input size).
     */
    public static final String DEFAULT_DETECTOR = "yunet-dynamic";
    /**
     * Smallest face (shorter box side, original pixels) the pipeline looks for when none is set: 20 px. Frame-sized
     * detectors run at the scale where such a face is YuNet's smallest reliable face (10 px), so a 640×480 frame is
     * detected at 320×240; smaller faces are dropped. Measured trade-off in BENCHMARKS.md.
     */
    public static final float DEFAULT_MIN_FACE_SIZE = 20f;
    /** Classifier id used when the builder names none; chosen by measurement (see README). */
    public static final String DEFAULT_CLASSIFIER = "fer-mini-xception";
    /**
     * Score threshold used with the YuNet detectors (the default one included) when none is set: YuNet's upstream
     * 0.9 misses faces that every other detector finds (two of five in the group photo, close-ups); 0.6 finds them
     * without false positives on the shared images.
     */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.6f;

    private static final Comparator<Detection> BY_DESCENDING_SCORE =
            Comparator.comparingDouble((Detection d) -> d.score()).reversed();

    private final FaceDetector detector;
    private final EmotionClassifier classifier;
    private final boolean ownsDetector;
    private final boolean ownsClassifier;
    private final int maxFaces;
    private final float minFaceSize;
    private final DecodeOptions decodeOptions;
    private final CloseGuard guard = new CloseGuard("EmotionPipeline");

    private EmotionPipeline(FaceDetector detector, boolean ownsDetector, EmotionClassifier classifier,
                            boolean ownsClassifier, int maxFaces, float minFaceSize, DecodeOptions decodeOptions) {
        this.detector = detector;
        this.ownsDetector = ownsDetector;
        this.classifier = classifier;
        this.ownsClassifier = ownsClassifier;
        this.maxFaces = maxFaces;
        this.minFaceSize = minFaceSize;
        this.decodeOptions = decodeOptions;
    }

    /**
     * A pipeline with the default detector and classifier on the CPU, models resolved with
     * {@link ModelRepository#fromEnvironment()}.
     *
     * @return a new pipeline; close it when done
     * @throws FerException when a model cannot be resolved or loaded, or no backend is on the class path
     */
    public static EmotionPipeline createDefault() {
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
     * Analyzes decoded pixels.
     *
     * @param image the image
     * @return faces sorted by descending detector score, with emotions when a classifier is configured
     * @throws IllegalStateException when the pipeline is closed
     */
    public AnalysisResult analyze(FerImage image) {
        Objects.requireNonNull(image, "image");
        guard.enter();
        try {
            return run(image, 0L);
        } finally {
            guard.exit();
        }
    }

    /**
     * Decodes and analyzes an image file (JPEG, PNG, BMP; EXIF orientation honoured).
     *
     * @param file the file
     * @return the result; {@link Timings#decodeNanos()} holds the decode time
     * @throws ImageDecodeException when the file cannot be decoded
     */
    public AnalysisResult analyze(Path file) {
        Objects.requireNonNull(file, "file");
        guard.enter();
        try {
            long t0 = System.nanoTime();
            FerImage image = Images.read(file, decodeOptions);
            return run(image, System.nanoTime() - t0);
        } finally {
            guard.exit();
        }
    }

    /**
     * Decodes and analyzes an encoded image (JPEG, PNG, BMP).
     *
     * @param encoded the file content
     * @return the result
     * @throws ImageDecodeException when the bytes cannot be decoded
     */
    public AnalysisResult analyze(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        guard.enter();
        try {
            long t0 = System.nanoTime();
            FerImage image = Images.decode(encoded, decodeOptions);
            return run(image, System.nanoTime() - t0);
        } finally {
            guard.exit();
        }
    }

    /**
     * Analyzes a {@code BufferedImage} of any type.
     *
     * @param image the image
     * @return the result
     */
    public AnalysisResult analyze(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        guard.enter();
        try {
            long t0 = System.nanoTime();
            FerImage converted = Images.of(image);
            return run(converted, System.nanoTime() - t0);
        } finally {
            guard.exit();
        }
    }

    /**
     * Analyzes many images, in order. Faces are detected image by image, then classified together: a classifier
     * with a dynamic batch (the default mini-Xception) classifies the faces of all images in few model runs
     * (at most 32 faces per run), which is faster than one {@link #analyze(FerImage)} per image when the images have
     * few faces each. Each result's classify time is the batch's time shared in proportion to its faces.
     *
     * @param images the images
     * @return one result per image, in the same order
     */
    public List<AnalysisResult> analyzeAll(List<FerImage> images) {
        Objects.requireNonNull(images, "images");
        guard.enter();
        try {
            int n = images.size();
            List<List<Detection>> faces = new ArrayList<>(n);
            long[] detectNanos = new long[n];
            int total = 0;
            for (int i = 0; i < n; i++) {
                FerImage image = Objects.requireNonNull(images.get(i), "image");
                long t0 = System.nanoTime();
                List<Detection> f = filter(detector.detect(image));
                detectNanos[i] = System.nanoTime() - t0;
                faces.add(f);
                total += f.size();
            }
            List<List<EmotionScores>> scores = null;
            long classifyNanos = 0;
            if (classifier != null && total > 0) {
                long t0 = System.nanoTime();
                scores = classifier.classifyBatch(images, faces);
                classifyNanos = System.nanoTime() - t0;
            }
            List<AnalysisResult> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<Detection> f = faces.get(i);
                long c = total == 0 ? 0L : classifyNanos * f.size() / total;
                out.add(result(images.get(i), f, scores == null || f.isEmpty() ? null : scores.get(i), 0L,
                        detectNanos[i], c));
            }
            return out;
        } finally {
            guard.exit();
        }
    }

    /**
     * The detector this pipeline runs.
     *
     * @return the detector
     */
    public FaceDetector detector() {
        return detector;
    }

    /**
     * The classifier this pipeline runs, if any.
     *
     * @return the classifier or empty for a detection-only pipeline
     */
    public Optional<EmotionClassifier> classifier() {
        return Optional.ofNullable(classifier);
    }

    private AnalysisResult run(FerImage image, long decodeNanos) {
        long t0 = System.nanoTime();
        List<Detection> faces = filter(detector.detect(image));
        long t1 = System.nanoTime();
        List<EmotionScores> scores = classifier == null || faces.isEmpty()
                ? null : classifier.classifyAll(image, faces);
        long t2 = System.nanoTime();
        return result(image, faces, scores, decodeNanos, t1 - t0, t2 - t1);
    }

    private AnalysisResult result(FerImage image, List<Detection> faces, List<EmotionScores> scores,
                                  long decodeNanos, long detectNanos, long classifyNanos) {
        List<FaceAnalysis> analyses = new ArrayList<>(faces.size());
        boolean aligns = classifier != null && classifier.alignsWithLandmarks();
        for (int i = 0; i < faces.size(); i++) {
            Detection d = faces.get(i);
            analyses.add(scores == null ? FaceAnalysis.detectionOnly(d)
                    : new FaceAnalysis(d, scores.get(i), aligns && d.hasLandmarks()));
        }
        Timings timings = new Timings(decodeNanos, detectNanos, classifyNanos,
                decodeNanos + detectNanos + classifyNanos);
        return new AnalysisResult(image.width(), image.height(), analyses, timings, detector.provenance(),
                classifier == null ? Optional.empty() : Optional.of(classifier.provenance()));
    }

    private List<Detection> filter(List<Detection> detected) {
        List<Detection> sorted = new ArrayList<>(detected.size());
        for (Detection d : detected) {
            if (minFaceSize <= 0f || Math.min(d.box().width(), d.box().height()) >= minFaceSize) {
                sorted.add(d);
            }
        }
        if (sorted.size() > 1) {
            sorted.sort(BY_DESCENDING_SCORE);
        }
        return sorted.size() > maxFaces ? List.copyOf(sorted.subList(0, maxFaces)) : sorted;
    }

    /**
     * Closes the components this pipeline created; waits for calls in flight; idempotent.
     */
    @Override
    public void close() {
        if (!guard.close()) {
            return;
        }
        RuntimeException failure = null;
        if (ownsClassifier && classifier != null) {
            try {
                classifier.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (ownsDetector) {
            try {
                detector.close();
            } catch (RuntimeException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Builds an {@link EmotionPipeline}. Not thread-safe. Defaults: detector {@value #DEFAULT_DETECTOR},
     * classifier {@value #DEFAULT_CLASSIFIER}, device CPU, backend-default threads, each model's upstream
     * thresholds (YuNet: {@value #DEFAULT_SCORE_THRESHOLD}), at most 100 faces, minimum face size
     * {@value #DEFAULT_MIN_FACE_SIZE} px, models from {@link ModelRepository#fromEnvironment()}.
     */
    public static final class Builder {
        private String detectorId = DEFAULT_DETECTOR;
        private FaceDetector detectorInstance;
        private String classifierId = DEFAULT_CLASSIFIER;
        private EmotionClassifier classifierInstance;
        private boolean noClassifier;
        private Device device = Device.CPU;
        private int threads;
        private Float scoreThreshold;
        private Float nmsThreshold;
        private int maxFaces = 100;
        private float minFaceSize = DEFAULT_MIN_FACE_SIZE;
        private ModelRepository repository;
        private DecodeOptions decodeOptions = DecodeOptions.defaults();

        private Builder() {
        }

        /**
         * Detector by catalog id. Default {@value #DEFAULT_DETECTOR}.
         *
         * @param id a detector id such as {@code yunet-2023mar} or {@code retinaface-mnet025}
         * @return this builder
         */
        public Builder detector(String id) {
            this.detectorId = Objects.requireNonNull(id, "id");
            this.detectorInstance = null;
            return this;
        }

        /**
         * A detector instance; the pipeline uses it but never closes it.
         *
         * @param detector the detector
         * @return this builder
         */
        public Builder detector(FaceDetector detector) {
            this.detectorInstance = Objects.requireNonNull(detector, "detector");
            this.detectorId = null;
            return this;
        }

        /**
         * Classifier by catalog id. Default {@value #DEFAULT_CLASSIFIER}.
         *
         * @param id a classifier id such as {@code fer-mini-xception}
         * @return this builder
         */
        public Builder classifier(String id) {
            this.classifierId = Objects.requireNonNull(id, "id");
            this.classifierInstance = null;
            this.noClassifier = false;
            return this;
        }

        /**
         * A classifier instance; the pipeline uses it but never closes it.
         *
         * @param classifier the classifier
         * @return this builder
         */
        public Builder classifier(EmotionClassifier classifier) {
            this.classifierInstance = Objects.requireNonNull(classifier, "classifier");
            this.classifierId = null;
            this.noClassifier = false;
            return this;
        }

        /**
         * Detection only: faces carry no emotions.
         *
         * @return this builder
         */
        public Builder noClassifier() {
            this.noClassifier = true;
            this.classifierId = null;
            this.classifierInstance = null;
            return this;
        }

        /**
         * Where models created by id run. Default {@link Device#CPU}.
         *
         * @param device the device
         * @return this builder
         */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * Intra-op threads per model created by id. Default 0: the backend's default (fer-onnx: threads chosen per
         * call, one per caller when calls overlap and the faster of one or several for a caller alone; see
         * {@code ExecutionOptions.Builder.adaptiveThreads}). A positive count is used for every call.
         *
         * @param threads 0 or more
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Minimum detector score for detectors created by id. Default: the model's upstream threshold, except
         * {@value #DEFAULT_SCORE_THRESHOLD} for the YuNet detectors (the default {@value #DEFAULT_DETECTOR} included).
         *
         * @param threshold in (0, 1)
         * @return this builder
         */
        public Builder scoreThreshold(float threshold) {
            this.scoreThreshold = threshold;
            return this;
        }

        /**
         * NMS IoU threshold for detectors created by id. Default: the model's upstream value.
         *
         * @param threshold in (0, 1)
         * @return this builder
         */
        public Builder nmsThreshold(float threshold) {
            this.nmsThreshold = threshold;
            return this;
        }

        /**
         * Most faces reported per image (the highest-scoring ones). Default 100.
         *
         * @param maxFaces at least 1
         * @return this builder
         */
        public Builder maxFaces(int maxFaces) {
            this.maxFaces = maxFaces;
            return this;
        }

        /**
         * The smallest face wanted (shorter box side, original pixels): smaller faces are dropped, and detectors
         * whose input follows the frame (the default {@value #DEFAULT_DETECTOR}) run at the scale where such a face
         * is about 10 px, so a larger value means a smaller, faster detector input. Default
         * {@value #DEFAULT_MIN_FACE_SIZE}; 0 keeps every face and detects at up to 640 px on the longer side.
         *
         * @param pixels 0 or more
         * @return this builder
         */
        public Builder minFaceSize(float pixels) {
            this.minFaceSize = pixels;
            return this;
        }

        /**
         * Where models are resolved. Default {@link ModelRepository#fromEnvironment()}.
         *
         * @param repository the repository
         * @return this builder
         */
        public Builder modelRepository(ModelRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /**
         * How {@code analyze(Path)} and {@code analyze(byte[])} decode images. Default
         * {@link DecodeOptions#defaults()}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder decodeOptions(DecodeOptions options) {
            this.decodeOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Validates the settings together, creates the models named by id and returns the pipeline.
         *
         * @return a new pipeline
         * @throws IllegalArgumentException when settings are out of range
         * @throws FerException when a model cannot be resolved or loaded
         */
        public EmotionPipeline build() {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be 0 (backend default) or more, got " + threads
                        + ".");
            }
            if (maxFaces < 1) {
                throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces + ".");
            }
            if (!(minFaceSize >= 0f) || Float.isInfinite(minFaceSize)) {
                throw new IllegalArgumentException("minFaceSize must be a finite value >= 0, got " + minFaceSize
                        + ".");
            }
            checkUnit("scoreThreshold", scoreThreshold);
            checkUnit("nmsThreshold", nmsThreshold);
            if (detectorInstance != null && (scoreThreshold != null || nmsThreshold != null)) {
                throw new IllegalArgumentException("scoreThreshold and nmsThreshold apply to detectors created by "
                        + "id; set them on the detector instance you pass instead.");
            }
            FaceDetector det = detectorInstance;
            EmotionClassifier cls = classifierInstance;
            boolean ownsDet = false;
            boolean ownsCls = false;
            try {
                if (det == null) {
                    ModelBackend backend = backendFor(detectorId, true);
                    Float score = scoreThreshold == null && detectorId.startsWith("yunet")
                            ? Float.valueOf(DEFAULT_SCORE_THRESHOLD) : scoreThreshold;
                    det = backend.createDetector(new DetectorRequest(detectorId, device, threads, repo(),
                            score, nmsThreshold, maxFaces, minFaceSize > 0f ? minFaceSize : null));
                    ownsDet = true;
                }
                if (cls == null && !noClassifier) {
                    ModelBackend backend = backendFor(classifierId, false);
                    cls = backend.createClassifier(new ClassifierRequest(classifierId, device, threads, repo()));
                    ownsCls = true;
                }
            } catch (RuntimeException e) {
                if (ownsDet) {
                    det.close();
                }
                throw e;
            }
            return new EmotionPipeline(det, ownsDet, cls, ownsCls, maxFaces, minFaceSize, decodeOptions);
        }

        private ModelRepository repo() {
            if (repository == null) {
                repository = ModelRepository.fromEnvironment();
            }
            return repository;
        }

        private static void checkUnit(String name, Float v) {
            if (v != null && !(v > 0f && v < 1f)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1 (exclusive), got " + v + ".");
            }
        }

        private static ModelBackend backendFor(String id, boolean detector) {
            List<String> names = new ArrayList<>();
            for (ModelBackend b : ServiceLoader.load(ModelBackend.class, EmotionPipeline.class.getClassLoader())) {
                names.add(b.name());
                if (detector ? b.supportsDetector(id) : b.supportsClassifier(id)) {
                    return b;
                }
            }
            String kind = detector ? "detector" : "classifier";
            if (names.isEmpty()) {
                throw new ModelLoadException("No model backend is on the class path, so the " + kind + " '" + id
                        + "' cannot be created. Add the dependency dev.fer:fer-onnx.");
            }
            String known = ModelCatalog.knownIds(detector ? ModelTask.FACE_DETECTOR : ModelTask.EMOTION_CLASSIFIER);
            throw new ModelLoadException("No backend (" + String.join(", ", names) + ") knows the " + kind + " id '"
                    + id + "'. Known " + kind + " ids: " + known + ". Or pass your own " + kind + " instance.");
        }
    }
}
