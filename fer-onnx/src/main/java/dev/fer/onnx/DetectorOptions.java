package dev.fer.onnx;

import dev.fer.model.ModelRepository;
import java.util.Objects;

/**
 * Settings of an {@link OnnxFaceDetector}. Every threshold left unset uses the model's upstream default (see the
 * table in {@link OnnxFaceDetector}).
 *
 * <p>Immutable and thread-safe; build with {@link #builder()} (the builder is not thread-safe).
 */
public final class DetectorOptions {
    /**
     * The smallest face, in model-input pixels, that YuNet finds reliably: on the shared crowd photo (faces of
     * 16–40 px in a 1024×559 image) YuNet at score 0.6 finds all 77 faces while their smallest is 8 px at model
     * scale, 72 at 6.5 px and 10 at 5 px. Frame-sized inputs are scaled so that {@link #minFaceSize()} maps to
     * this size (see {@link OnnxFaceDetector}).
     */
    public static final float SMALLEST_MODEL_FACE = 10f;

    private final Float scoreThreshold;
    private final Float nmsThreshold;
    private final int maxFaces;
    private final float minFaceSize;
    private final int maxInputSide;
    private final ExecutionOptions execution;
    private final ModelRepository repository;

    private DetectorOptions(Builder b) {
        this.scoreThreshold = b.scoreThreshold;
        this.nmsThreshold = b.nmsThreshold;
        this.maxFaces = b.maxFaces;
        this.minFaceSize = b.minFaceSize;
        this.maxInputSide = b.maxInputSide;
        this.execution = b.execution;
        this.repository = b.repository;
    }

    /**
     * Every setting at its default.
     *
     * @return the default options
     */
    public static DetectorOptions defaults() {
        return builder().build();
    }

    /**
     * A builder with every setting at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scoreThreshold = scoreThreshold;
        b.nmsThreshold = nmsThreshold;
        b.maxFaces = maxFaces;
        b.minFaceSize = minFaceSize;
        b.maxInputSide = maxInputSide;
        b.execution = execution;
        b.repository = repository;
        return b;
    }

    /**
     * The score threshold, or {@code null} for the model's upstream default.
     *
     * @return the threshold or null
     */
    public Float scoreThreshold() {
        return scoreThreshold;
    }

    /**
     * The NMS IoU threshold, or {@code null} for the model's upstream default.
     *
     * @return the threshold or null
     */
    public Float nmsThreshold() {
        return nmsThreshold;
    }

    /**
     * Most faces reported.
     *
     * @return at least 1
     */
    public int maxFaces() {
        return maxFaces;
    }

    /**
     * Smallest face side kept, in original pixels. For frame-sized (dynamic-input) models it also sets the input
     * scale: at most {@link #SMALLEST_MODEL_FACE} / minFaceSize.
     *
     * @return 0 or more
     */
    public float minFaceSize() {
        return minFaceSize;
    }

    /**
     * Longest input side for dynamic-input models ({@link DetectorKind#YUNET_DYNAMIC}); larger images are
     * downscaled first. 0 means native resolution.
     *
     * @return pixels, or 0
     */
    public int maxInputSide() {
        return maxInputSide;
    }

    /**
     * How the model runs.
     *
     * @return the execution options
     */
    public ExecutionOptions execution() {
        return execution;
    }

    /**
     * Where catalog ids are resolved, or {@code null} for {@link ModelRepository#fromEnvironment()}.
     *
     * @return the repository or null
     */
    public ModelRepository repository() {
        return repository;
    }

    /** Builds {@link DetectorOptions}. Not thread-safe. */
    public static final class Builder {
        private Float scoreThreshold;
        private Float nmsThreshold;
        private int maxFaces = 100;
        private float minFaceSize;
        private int maxInputSide = 640;
        private ExecutionOptions execution = ExecutionOptions.defaults();
        private ModelRepository repository;

        private Builder() {
        }

        /**
         * Minimum face score. Default: the model's upstream threshold (YuNet 0.9, RetinaFace 0.6, UltraFace 0.7,
         * YOLOv5-face 0.6, YOLOv8-face 0.45).
         *
         * @param threshold in (0, 1), or {@code null} for the default
         * @return this builder
         */
        public Builder scoreThreshold(Float threshold) {
            this.scoreThreshold = threshold;
            return this;
        }

        /**
         * NMS IoU threshold. Default: the model's upstream value (YuNet 0.3, RetinaFace 0.4, UltraFace 0.3, YOLO
         * 0.5).
         *
         * @param threshold in (0, 1), or {@code null} for the default
         * @return this builder
         */
        public Builder nmsThreshold(Float threshold) {
            this.nmsThreshold = threshold;
            return this;
        }

        /**
         * Most faces reported (the highest-scoring). Default 100.
         *
         * @param maxFaces at least 1
         * @return this builder
         */
        public Builder maxFaces(int maxFaces) {
            this.maxFaces = maxFaces;
            return this;
        }

        /**
         * Smallest face kept: boxes whose width or height (after clamping to the image) is below this are dropped.
         * Default 0. For dynamic-input models (yunet-dynamic) it also sizes the input: the frame is scaled by at
         * most {@link #SMALLEST_MODEL_FACE} / minFaceSize, so a larger minimum face means a smaller, faster input
         * (640×480 with 20 px: a 320×240 input).
         *
         * @param pixels 0 or more, in original pixels
         * @return this builder
         */
        public Builder minFaceSize(float pixels) {
            this.minFaceSize = pixels;
            return this;
        }

        /**
         * Longest input side for dynamic-input models. Default 640: YuNet is trained for faces of about 10–300 px,
         * so large photos are downscaled to keep close-up faces in range (and memory bounded). 0 runs at native
         * resolution (padded to multiples of 32).
         *
         * @param pixels 0, or at least 32
         * @return this builder
         */
        public Builder maxInputSide(int pixels) {
            this.maxInputSide = pixels;
            return this;
        }

        /**
         * How the model runs. Default {@link ExecutionOptions#defaults()} (CPU).
         *
         * @param execution the execution options
         * @return this builder
         */
        public Builder execution(ExecutionOptions execution) {
            this.execution = Objects.requireNonNull(execution, "execution");
            return this;
        }

        /**
         * Where catalog ids are resolved. Default {@link ModelRepository#fromEnvironment()}.
         *
         * @param repository the repository
         * @return this builder
         */
        public Builder repository(ModelRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /**
         * Validates the settings together.
         *
         * @return the options
         * @throws IllegalArgumentException naming the first bad setting
         */
        public DetectorOptions build() {
            if (scoreThreshold != null && !(scoreThreshold > 0f && scoreThreshold < 1f)) {
                throw new IllegalArgumentException("scoreThreshold must be between 0 and 1 (exclusive), got "
                        + scoreThreshold + ".");
            }
            if (nmsThreshold != null && !(nmsThreshold > 0f && nmsThreshold < 1f)) {
                throw new IllegalArgumentException("nmsThreshold must be between 0 and 1 (exclusive), got "
                        + nmsThreshold + ".");
            }
            if (maxFaces < 1) {
                throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces + ".");
            }
            if (!(minFaceSize >= 0f) || Float.isInfinite(minFaceSize)) {
                throw new IllegalArgumentException("minFaceSize must be a finite value >= 0, got " + minFaceSize
                        + ".");
            }
            if (maxInputSide != 0 && (maxInputSide < 32 || maxInputSide > 8192)) {
                throw new IllegalArgumentException("maxInputSide must be 0 (native resolution) or between 32 and "
                        + "8192, got " + maxInputSide + ".");
            }
            return new DetectorOptions(this);
        }
    }
}
