package dev.fer.onnx;

import dev.fer.Emotion;
import dev.fer.preprocess.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Describes how to feed an ONNX emotion model and read its answer, so any model can be plugged in: input tensor
 * name, layout and size, colour order, normalisation {@code (x / scale − mean[c]) / std[c]}, output name and kind,
 * the order of its labels mapped onto {@link Emotion}, and how faces are cut out of the image.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()} (the builder is not thread-safe). The specs of the
 * catalog models are {@link #MOBILEFACENET}, {@link #MINI_XCEPTION} and {@link #FERPLUS}.
 */
public final class ClassifierSpec {
    /** Colour order the model expects. */
    public enum Color {
        /** One grey channel (OpenCV BGR2GRAY weights). */
        GRAY,
        /** Red, green, blue. */
        RGB,
        /** Blue, green, red. */
        BGR
    }

    /** What the output tensor holds. */
    public enum OutputKind {
        /** Raw scores: softmax is applied. */
        LOGITS,
        /** Probabilities that already sum to one. */
        PROBABILITIES
    }

    /** How a face is cut out of the image. */
    public enum CropPolicy {
        /**
         * Five-point similarity alignment onto the 112×112 ArcFace template (scaled to the input size); faces
         * without landmarks fall back to {@link #SQUARE}.
         */
        ALIGNED_5_POINT,
        /** A square around the box centre with side {@code max(w, h) · (1 + margin)}; black outside the image. */
        SQUARE
    }

    /**
     * OpenCV Zoo MobileFaceNet FER (RAF-DB): aligned 112×112 RGB, (x/255 − 0.5)/0.5, 7 logits. Faces without
     * landmarks fall back to a square crop grown by 25 % (the aligned template shows about that much context around
     * a detector's tight box).
     */
    public static final ClassifierSpec MOBILEFACENET = builder()
            .input("data", Layout.NCHW, 112, 112, Color.RGB)
            .normalization(255f, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f})
            .output("label", OutputKind.LOGITS)
            .labels(Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD,
                    Emotion.SURPRISE)
            .crop(CropPolicy.ALIGNED_5_POINT, 0.25f)
            .build();

    /** mini-Xception (FER2013): square grey 64×64 NHWC, (x/255 − 0.5)·2, 7 probabilities. */
    public static final ClassifierSpec MINI_XCEPTION = builder()
            .input("input_1", Layout.NHWC, 64, 64, Color.GRAY)
            .normalization(255f, new float[] {0.5f}, new float[] {0.5f})
            .output("predictions", OutputKind.PROBABILITIES)
            .labels(Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPY, Emotion.SAD, Emotion.SURPRISE,
                    Emotion.NEUTRAL)
            .crop(CropPolicy.SQUARE, 0f)
            .build();

    /** FER+ (ONNX model zoo): square grey 64×64 NCHW, raw 0–255, 8 logits including contempt. */
    public static final ClassifierSpec FERPLUS = builder()
            .input("Input3", Layout.NCHW, 64, 64, Color.GRAY)
            .normalization(1f, new float[] {0f}, new float[] {1f})
            .output("Plus692_Output_0", OutputKind.LOGITS)
            .labels(Emotion.NEUTRAL, Emotion.HAPPY, Emotion.SURPRISE, Emotion.SAD, Emotion.ANGRY, Emotion.DISGUST,
                    Emotion.FEAR, Emotion.CONTEMPT)
            .crop(CropPolicy.SQUARE, 0f)
            .build();

    private final String inputName;
    private final Layout layout;
    private final int width;
    private final int height;
    private final Color color;
    private final float scale;
    private final float[] mean;
    private final float[] std;
    private final String outputName;
    private final OutputKind outputKind;
    private final List<Emotion> labels;
    private final CropPolicy cropPolicy;
    private final float margin;

    private ClassifierSpec(Builder b) {
        this.inputName = b.inputName;
        this.layout = b.layout;
        this.width = b.width;
        this.height = b.height;
        this.color = b.color;
        this.scale = b.scale;
        this.mean = b.mean.clone();
        this.std = b.std.clone();
        this.outputName = b.outputName;
        this.outputKind = b.outputKind;
        this.labels = List.copyOf(b.labels);
        this.cropPolicy = b.cropPolicy;
        this.margin = b.margin;
    }

    /**
     * A builder with no defaults for the tensor fields (they must be set); crop policy defaults to
     * {@link CropPolicy#SQUARE} with no margin and normalisation to {@code x / 1}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Input tensor name.
     *
     * @return the name
     */
    public String inputName() {
        return inputName;
    }

    /**
     * Input layout.
     *
     * @return NCHW or NHWC
     */
    public Layout layout() {
        return layout;
    }

    /**
     * Input width.
     *
     * @return pixels
     */
    public int width() {
        return width;
    }

    /**
     * Input height.
     *
     * @return pixels
     */
    public int height() {
        return height;
    }

    /**
     * Input colour order.
     *
     * @return the colour
     */
    public Color color() {
        return color;
    }

    /**
     * Number of input channels.
     *
     * @return 1 for grey, 3 otherwise
     */
    public int channels() {
        return color == Color.GRAY ? 1 : 3;
    }

    /**
     * Divisor applied first.
     *
     * @return the scale
     */
    public float scale() {
        return scale;
    }

    /**
     * Per-channel mean subtracted after scaling, in model channel order.
     *
     * @return a copy of the means
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * Per-channel divisor applied last, in model channel order.
     *
     * @return a copy of the standard deviations
     */
    public float[] std() {
        return std.clone();
    }

    /**
     * Output tensor name.
     *
     * @return the name
     */
    public String outputName() {
        return outputName;
    }

    /**
     * What the output holds.
     *
     * @return logits or probabilities
     */
    public OutputKind outputKind() {
        return outputKind;
    }

    /**
     * The class of each output index, in model order.
     *
     * @return the labels
     */
    public List<Emotion> labels() {
        return labels;
    }

    /**
     * How faces are cut out.
     *
     * @return the crop policy
     */
    public CropPolicy cropPolicy() {
        return cropPolicy;
    }

    /**
     * Extra square-crop margin as a fraction of the face side (0 = the box's longer side).
     *
     * @return the margin
     */
    public float margin() {
        return margin;
    }

    @Override
    public String toString() {
        return "ClassifierSpec[" + inputName + " " + layout + " " + width + "x" + height + " " + color + ", scale "
                + scale + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + " -> " + outputName
                + " " + outputKind.name().toLowerCase(Locale.ROOT) + " " + labels + ", " + cropPolicy + "]";
    }

    /** Builds a {@link ClassifierSpec}. Not thread-safe. */
    public static final class Builder {
        private String inputName;
        private Layout layout;
        private int width;
        private int height;
        private Color color;
        private float scale = 1f;
        private float[] mean;
        private float[] std;
        private String outputName;
        private OutputKind outputKind;
        private List<Emotion> labels = new ArrayList<>();
        private CropPolicy cropPolicy = CropPolicy.SQUARE;
        private float margin;

        private Builder() {
        }

        /**
         * The input tensor. Required.
         *
         * @param name tensor name
         * @param layout NCHW or NHWC
         * @param width input width
         * @param height input height
         * @param color colour order
         * @return this builder
         */
        public Builder input(String name, Layout layout, int width, int height, Color color) {
            this.inputName = name;
            this.layout = layout;
            this.width = width;
            this.height = height;
            this.color = color;
            return this;
        }

        /**
         * Normalisation {@code (x / scale − mean[c]) / std[c]}. Default scale 1, mean 0, std 1. A single mean or
         * std value applies to every channel.
         *
         * @param scale divisor applied first, for example 255
         * @param mean per-channel means in model channel order
         * @param std per-channel standard deviations in model channel order
         * @return this builder
         */
        public Builder normalization(float scale, float[] mean, float[] std) {
            this.scale = scale;
            this.mean = mean == null ? null : mean.clone();
            this.std = std == null ? null : std.clone();
            return this;
        }

        /**
         * The output tensor. Required.
         *
         * @param name tensor name
         * @param kind logits or probabilities
         * @return this builder
         */
        public Builder output(String name, OutputKind kind) {
            this.outputName = name;
            this.outputKind = kind;
            return this;
        }

        /**
         * The class of each output index, in model order. Required; each class at most once.
         *
         * @param labels the labels
         * @return this builder
         */
        public Builder labels(Emotion... labels) {
            this.labels = new ArrayList<>(Arrays.asList(labels));
            return this;
        }

        /**
         * The class of each output index, in model order.
         *
         * @param labels the labels
         * @return this builder
         */
        public Builder labels(List<Emotion> labels) {
            this.labels = new ArrayList<>(labels);
            return this;
        }

        /**
         * How faces are cut out. Default {@link CropPolicy#SQUARE} with margin 0.
         *
         * @param policy the policy
         * @param margin extra square margin as a fraction of the face side, 0 to 1
         * @return this builder
         */
        public Builder crop(CropPolicy policy, float margin) {
            this.cropPolicy = policy;
            this.margin = margin;
            return this;
        }

        /**
         * Validates all fields together.
         *
         * @return the spec
         * @throws IllegalArgumentException naming the first problem found
         */
        public ClassifierSpec build() {
            if (inputName == null || inputName.isBlank() || layout == null || color == null) {
                throw new IllegalArgumentException("ClassifierSpec needs an input: call input(name, layout, width, "
                        + "height, color).");
            }
            if (width < 1 || height < 1 || width > 4096 || height > 4096) {
                throw new IllegalArgumentException("Classifier input size must be between 1 and 4096, got " + width
                        + "x" + height + ".");
            }
            if (outputName == null || outputName.isBlank() || outputKind == null) {
                throw new IllegalArgumentException("ClassifierSpec needs an output: call output(name, kind).");
            }
            if (labels.isEmpty() || labels.contains(null)) {
                throw new IllegalArgumentException("ClassifierSpec needs the label of every output index, in model "
                        + "order; got " + labels + ".");
            }
            if (EnumSet.copyOf(labels).size() != labels.size()) {
                throw new IllegalArgumentException("ClassifierSpec labels must be distinct, got " + labels + ".");
            }
            int channels = color == Color.GRAY ? 1 : 3;
            mean = expand("mean", mean == null ? new float[] {0f} : mean, channels);
            std = expand("std", std == null ? new float[] {1f} : std, channels);
            if (!(scale > 0f) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("Normalisation scale must be a positive number, got " + scale
                        + ".");
            }
            for (float s : std) {
                if (!(s > 0f) || Float.isInfinite(s)) {
                    throw new IllegalArgumentException("Normalisation std values must be positive, got "
                            + Arrays.toString(std) + ".");
                }
            }
            Objects.requireNonNull(cropPolicy, "cropPolicy");
            if (!(margin >= 0f && margin <= 1f)) {
                throw new IllegalArgumentException("Crop margin must be between 0 and 1, got " + margin + ".");
            }
            return new ClassifierSpec(this);
        }

        private static float[] expand(String what, float[] v, int channels) {
            if (v.length == channels) {
                return v.clone();
            }
            if (v.length == 1) {
                float[] out = new float[channels];
                Arrays.fill(out, v[0]);
                return out;
            }
            throw new IllegalArgumentException("Normalisation " + what + " needs 1 or " + channels + " values for a "
                    + channels + "-channel input, got " + v.length + ".");
        }
    }
}
