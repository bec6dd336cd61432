package dev.fer.detect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSD prior (anchor) boxes for UltraFace and RetinaFace, as normalised {@code cx, cy, w, h} (fractions of the
 * input width and height), in the order the models emit their rows: by level (stride), then feature-map row, then
 * column, then min size. Immutable and thread-safe. Each configuration (model family and input size) is computed once
 * and cached for
 * the life of the class loader; {@link #ultraFace(int, int)} and {@link #retinaFace(int, int)} return the same
 * instance for the same arguments.
 *
 * <p><b>UltraFace</b> ({@code Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB}, {@code generate_priors}):
 * min boxes {@code [[10,16,24],[32,48],[64,96],[128,192,256]]}, strides 8/16/32/64, feature maps
 * {@code ceil(size / stride)} (40×30, 20×15, 10×8, 5×4 at 320×240). The centre of cell (i, j) is
 * {@code ((i + 0.5) / fmW, (j + 0.5) / fmH)} — relative to the feature-map size, <em>not</em>
 * {@code (i + 0.5)·stride / size}, which differs on maps whose size is not an exact multiple of the stride (10×8
 * and 5×4 at 320×240, off by up to 0.0625). Sizes are {@code (minBox / width, minBox / height)}. All four values
 * are clamped to [0, 1]. 320×240 gives 4420 priors, 640×480 gives 17640.
 *
 * <p><b>RetinaFace</b> ({@code biubug6/Pytorch_Retinaface}, {@code PriorBox}): min sizes
 * {@code [[16,32],[64,128],[256,512]]}, steps 8/16/32, feature maps {@code ceil(size / step)}, centre
 * {@code ((j + 0.5)·step / width, (i + 0.5)·step / height)} for row i, column j, size
 * {@code (minSize / width, minSize / height)}, not clamped. 640×640 gives 16800 priors.
 */
public final class SsdPriors {
    /** UltraFace min box sizes in input pixels, per level. */
    private static final int[][] ULTRAFACE_MIN_BOXES = {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}};
    /** UltraFace strides per level. */
    private static final int[] ULTRAFACE_STRIDES = {8, 16, 32, 64};
    /** RetinaFace min sizes in input pixels, per level. */
    private static final int[][] RETINAFACE_MIN_SIZES = {{16, 32}, {64, 128}, {256, 512}};
    /** RetinaFace steps per level. */
    private static final int[] RETINAFACE_STEPS = {8, 16, 32};

    private static final Map<Key, SsdPriors> CACHE = new ConcurrentHashMap<>();

    private enum Family { ULTRAFACE, RETINAFACE }

    private record Key(Family family, int width, int height) {
    }

    private final int inputWidth;
    private final int inputHeight;
    private final float[] data;

    private SsdPriors(int inputWidth, int inputHeight, float[] data) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.data = data;
    }

    /**
     * The UltraFace priors for an input of the given size (320×240 for the RFB-320 and slim-320 models, 640×480 for
     * RFB-640).
     *
     * @param inputWidth model input width in pixels, ≥ 1
     * @param inputHeight model input height in pixels, ≥ 1
     * @return the cached priors
     * @throws IllegalArgumentException when a size is not positive
     */
    public static SsdPriors ultraFace(int inputWidth, int inputHeight) {
        checkSize(inputWidth, inputHeight);
        return CACHE.computeIfAbsent(new Key(Family.ULTRAFACE, inputWidth, inputHeight),
                k -> new SsdPriors(k.width(), k.height(), generateUltraFace(k.width(), k.height())));
    }

    /**
     * The RetinaFace priors for an input of the given size (640×640 for the mirrored MobileNet-0.25 model).
     *
     * @param inputWidth model input width in pixels, ≥ 1
     * @param inputHeight model input height in pixels, ≥ 1
     * @return the cached priors
     * @throws IllegalArgumentException when a size is not positive
     */
    public static SsdPriors retinaFace(int inputWidth, int inputHeight) {
        checkSize(inputWidth, inputHeight);
        return CACHE.computeIfAbsent(new Key(Family.RETINAFACE, inputWidth, inputHeight),
                k -> new SsdPriors(k.width(), k.height(), generateRetinaFace(k.width(), k.height())));
    }

    private static void checkSize(int w, int h) {
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("Prior input size must be positive, got " + w + "x" + h + ".");
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static float clamp01(double v) {
        return (float) Math.min(1.0, Math.max(0.0, v));
    }

    private static float[] generateUltraFace(int width, int height) {
        int count = 0;
        for (int level = 0; level < ULTRAFACE_STRIDES.length; level++) {
            count += ceilDiv(width, ULTRAFACE_STRIDES[level]) * ceilDiv(height, ULTRAFACE_STRIDES[level])
                    * ULTRAFACE_MIN_BOXES[level].length;
        }
        float[] p = new float[count * 4];
        int o = 0;
        for (int level = 0; level < ULTRAFACE_STRIDES.length; level++) {
            int fmW = ceilDiv(width, ULTRAFACE_STRIDES[level]);
            int fmH = ceilDiv(height, ULTRAFACE_STRIDES[level]);
            // Upstream: shrinkage = size / fm, scale = size / shrinkage, centre = (i + 0.5) / scale.
            double scaleW = width / ((double) width / fmW);
            double scaleH = height / ((double) height / fmH);
            for (int j = 0; j < fmH; j++) {
                for (int i = 0; i < fmW; i++) {
                    float cx = clamp01((i + 0.5) / scaleW);
                    float cy = clamp01((j + 0.5) / scaleH);
                    for (int minBox : ULTRAFACE_MIN_BOXES[level]) {
                        p[o++] = cx;
                        p[o++] = cy;
                        p[o++] = clamp01((double) minBox / width);
                        p[o++] = clamp01((double) minBox / height);
                    }
                }
            }
        }
        return p;
    }

    private static float[] generateRetinaFace(int width, int height) {
        int count = 0;
        for (int level = 0; level < RETINAFACE_STEPS.length; level++) {
            count += ceilDiv(width, RETINAFACE_STEPS[level]) * ceilDiv(height, RETINAFACE_STEPS[level])
                    * RETINAFACE_MIN_SIZES[level].length;
        }
        float[] p = new float[count * 4];
        int o = 0;
        for (int level = 0; level < RETINAFACE_STEPS.length; level++) {
            int step = RETINAFACE_STEPS[level];
            int fmW = ceilDiv(width, step);
            int fmH = ceilDiv(height, step);
            for (int i = 0; i < fmH; i++) {
                for (int j = 0; j < fmW; j++) {
                    float cx = (float) ((j + 0.5) * step / width);
                    float cy = (float) ((i + 0.5) * step / height);
                    for (int minSize : RETINAFACE_MIN_SIZES[level]) {
                        p[o++] = cx;
                        p[o++] = cy;
                        p[o++] = (float) ((double) minSize / width);
                        p[o++] = (float) ((double) minSize / height);
                    }
                }
            }
        }
        return p;
    }

    /**
     * The model input width these priors were generated for.
     *
     * @return width in pixels
     */
    public int inputWidth() {
        return inputWidth;
    }

    /**
     * The model input height these priors were generated for.
     *
     * @return height in pixels
     */
    public int inputHeight() {
        return inputHeight;
    }

    /**
     * The number of priors, which is the number of rows the model emits.
     *
     * @return the count
     */
    public int count() {
        return data.length / 4;
    }

    /**
     * The normalised centre x of prior {@code i}.
     *
     * @param i prior index, 0 ≤ i &lt; {@link #count()}
     * @return centre x as a fraction of the input width
     */
    public float cx(int i) {
        return data[4 * checkIndex(i)];
    }

    /**
     * The normalised centre y of prior {@code i}.
     *
     * @param i prior index, 0 ≤ i &lt; {@link #count()}
     * @return centre y as a fraction of the input height
     */
    public float cy(int i) {
        return data[4 * checkIndex(i) + 1];
    }

    /**
     * The normalised width of prior {@code i}.
     *
     * @param i prior index, 0 ≤ i &lt; {@link #count()}
     * @return width as a fraction of the input width
     */
    public float width(int i) {
        return data[4 * checkIndex(i) + 2];
    }

    /**
     * The normalised height of prior {@code i}.
     *
     * @param i prior index, 0 ≤ i &lt; {@link #count()}
     * @return height as a fraction of the input height
     */
    public float height(int i) {
        return data[4 * checkIndex(i) + 3];
    }

    /**
     * A copy of all priors as {@code cx, cy, w, h} quadruples.
     *
     * @return a new array of {@code 4 · count()} floats
     */
    public float[] toArray() {
        return data.clone();
    }

    /** The backing array, for decoders in this package; never modified and never handed out. */
    float[] data() {
        return data;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("Prior index " + i + " is outside [0, " + count() + ").");
        }
        return i;
    }

    @Override
    public String toString() {
        return "SsdPriors[" + count() + " priors for " + inputWidth + "x" + inputHeight + "]";
    }
}
