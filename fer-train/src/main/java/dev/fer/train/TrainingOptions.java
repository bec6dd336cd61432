package dev.fer.train;

import dev.fer.EmotionPipeline;
import dev.fer.onnx.Backbone;
import dev.fer.onnx.HeadModel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a head is fitted: backbones, head kind and its settings, class balancing, flip augmentation, seed, and how
 * faces are found in the images.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()} (not thread-safe). The defaults are the set-up the
 * transfer-learning issue measured best on CK+-style crops without flips: standardised features of both shipped
 * backbones ({@code fer-mobilefacenet-int8} then {@code fer-mini-xception}) and an L2 logistic head (C = 1).
 */
public final class TrainingOptions {
    private final List<String> backbones;
    private final HeadModel.Kind head;
    private final double c;
    private final int k;
    private final boolean balanced;
    private final boolean flip;
    private final boolean standardize;
    private final long seed;
    private final boolean cropped;
    private final String detector;

    private TrainingOptions(Builder b) {
        this.backbones = List.copyOf(b.backbones);
        this.head = b.head;
        this.c = b.c;
        this.k = b.k;
        this.balanced = b.balanced;
        this.flip = b.flip;
        this.standardize = b.standardize;
        this.seed = b.seed;
        this.cropped = b.cropped;
        this.detector = b.detector;
    }

    /**
     * Defaults: both shipped backbones, logistic head, C 1, k 5, not balanced, no flips, standardised, seed 1,
     * photos (faces detected with {@link EmotionPipeline#DEFAULT_DETECTOR}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults.
     *
     * @return {@code builder().build()}
     */
    public static TrainingOptions defaults() {
        return builder().build();
    }

    /**
     * A builder holding these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.backbones = backbones;
        b.head = head;
        b.c = c;
        b.k = k;
        b.balanced = balanced;
        b.flip = flip;
        b.standardize = standardize;
        b.seed = seed;
        b.cropped = cropped;
        b.detector = detector;
        return b;
    }

    /** @return backbone ids in concatenation order */
    public List<String> backbones() {
        return backbones;
    }

    /** @return the head kind */
    public HeadModel.Kind head() {
        return head;
    }

    /** @return LibLinear's cost C (inverse regularisation strength) for linear heads */
    public double c() {
        return c;
    }

    /** @return neighbours voting for KNN */
    public int k() {
        return k;
    }

    /** @return whether classes are weighted inversely to their size (linear heads) */
    public boolean balanced() {
        return balanced;
    }

    /** @return whether mirrored copies are added in training and averaged at test time */
    public boolean flip() {
        return flip;
    }

    /** @return whether features are standardised (per-feature mean 0, standard deviation 1) */
    public boolean standardize() {
        return standardize;
    }

    /** @return the seed of the learner */
    public long seed() {
        return seed;
    }

    /** @return whether the images are face crops, classified whole */
    public boolean cropped() {
        return cropped;
    }

    /** @return the detector id for photos */
    public String detector() {
        return detector;
    }

    /**
     * One line for provenance and logs.
     *
     * @return for example {@code head=logistic c=1.0 balanced=false flip=true ...}
     */
    public String describe() {
        return String.format(Locale.ROOT, "head=%s c=%s k=%d balanced=%s flip=%s standardize=%s seed=%d mode=%s "
                        + "backbones=%s", head.key(), c, k, balanced, flip, standardize, seed,
                cropped ? "cropped" : "photo detector=" + detector, String.join(",", backbones));
    }

    @Override
    public String toString() {
        return "TrainingOptions[" + describe() + "]";
    }

    /** Builds {@link TrainingOptions}. Not thread-safe. */
    public static final class Builder {
        private List<String> backbones = Backbone.DEFAULT_IDS;
        private HeadModel.Kind head = HeadModel.Kind.LOGISTIC;
        private double c = 1.0;
        private int k = 5;
        private boolean balanced;
        private boolean flip;
        private boolean standardize = true;
        private long seed = 1L;
        private boolean cropped;
        private String detector = EmotionPipeline.DEFAULT_DETECTOR;

        private Builder() {
        }

        /**
         * Backbones, concatenated in this order. Default {@link Backbone#DEFAULT_IDS}.
         *
         * @param ids backbone ids
         * @return this builder
         */
        public Builder backbones(List<String> ids) {
            this.backbones = List.copyOf(ids);
            return this;
        }

        /**
         * Head kind. Default {@link HeadModel.Kind#LOGISTIC}.
         *
         * @param kind the kind
         * @return this builder
         */
        public Builder head(HeadModel.Kind kind) {
            this.head = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * LibLinear's cost C for logistic and SVM heads. Default 1.
         *
         * @param c a positive number
         * @return this builder
         */
        public Builder c(double c) {
            this.c = c;
            return this;
        }

        /**
         * Neighbours voting for KNN. Default 5.
         *
         * @param k at least 1
         * @return this builder
         */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /**
         * Weight classes inversely to their size (linear heads). Default off.
         *
         * @param on whether to balance
         * @return this builder
         */
        public Builder balanced(boolean on) {
            this.balanced = on;
            return this;
        }

        /**
         * Horizontal flips: mirrored copies of every training face, and test-time averaging of a face and its
         * mirror image (recorded in the head). Default off.
         *
         * @param on whether to flip
         * @return this builder
         */
        public Builder flip(boolean on) {
            this.flip = on;
            return this;
        }

        /**
         * Per-feature standardisation. Default on.
         *
         * @param on whether to standardise
         * @return this builder
         */
        public Builder standardize(boolean on) {
            this.standardize = on;
            return this;
        }

        /**
         * Seed of the learner; the same data, options and seed give the same head. Default 1.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether images are face crops (classified whole) rather than photos in which faces are detected and
         * aligned. Default photos.
         *
         * @param on whether the images are crops
         * @return this builder
         */
        public Builder cropped(boolean on) {
            this.cropped = on;
            return this;
        }

        /**
         * The detector for photos. Default {@link EmotionPipeline#DEFAULT_DETECTOR}.
         *
         * @param id a detector id
         * @return this builder
         */
        public Builder detector(String id) {
            this.detector = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Validates the options together.
         *
         * @return the options
         * @throws IllegalArgumentException naming the first problem
         */
        public TrainingOptions build() {
            if (backbones.isEmpty()) {
                throw new IllegalArgumentException("Training needs at least one backbone; use one or more of "
                        + Backbone.all().stream().map(Backbone::id).toList() + ".");
            }
            for (String id : backbones) {
                Backbone.of(id);
            }
            if (backbones.stream().distinct().count() != backbones.size()) {
                throw new IllegalArgumentException("Backbones must be distinct, got " + backbones + ".");
            }
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("C must be a positive number, got " + c + ".");
            }
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k + ".");
            }
            return new TrainingOptions(this);
        }
    }
}
