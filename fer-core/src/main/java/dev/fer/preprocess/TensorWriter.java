package dev.fer.preprocess;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.internal.ImageAccess;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes 8-bit interleaved pixels into a float tensor: converts them to the model's colour order, normalises each
 * channel as {@code (x / scale − mean[c]) / std[c]} and lays them out as {@link Layout#NCHW} or
 * {@link Layout#NHWC}, straight into a caller-provided {@link FloatBuffer} (heap or direct). Instances are
 * immutable and thread-safe; the {@link Builder} is not.
 *
 * <p>Build one writer per model and reuse it: the normalisation is precomputed as a 256-entry float table per
 * channel, so writing is a table lookup per value and allocates nothing per call (a direct buffer is filled through
 * a small per-thread row buffer).
 *
 * <p>The table entries are computed in float arithmetic in the order written above ({@code v / scale}, then
 * {@code − mean}, then {@code / std}), which is what numpy does on float32 images, so the values match a numpy
 * reference bit for bit. Grey conversion uses OpenCV's fixed-point weights ({@link Grayscale}).
 */
public final class TensorWriter {
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private final Layout layout;
    private final PixelFormat colorOrder;
    private final float scale;
    private final float[] mean;
    private final float[] std;
    private final float[][] tables;

    private TensorWriter(Builder b) {
        this.layout = b.layout;
        this.colorOrder = b.colorOrder;
        this.scale = b.scale;
        int cn = colorOrder.channels();
        this.mean = expand(b.mean, cn);
        this.std = expand(b.std, cn);
        this.tables = new float[cn][256];
        for (int c = 0; c < cn; c++) {
            for (int v = 0; v < 256; v++) {
                float x = (float) v / scale;
                tables[c][v] = (x - mean[c]) / std[c];
            }
        }
    }

    private static float[] expand(float[] values, int cn) {
        if (values.length == cn) {
            return values.clone();
        }
        float[] out = new float[cn];
        Arrays.fill(out, values[0]);
        return out;
    }

    /**
     * A builder with the defaults {@link Layout#NCHW}, {@link PixelFormat#RGB}, scale 1, mean 0 and std 1.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tensor layout.
     *
     * @return NCHW or NHWC
     */
    public Layout layout() {
        return layout;
    }

    /**
     * The colour order of the tensor's channels.
     *
     * @return RGB, BGR or GRAY
     */
    public PixelFormat colorOrder() {
        return colorOrder;
    }

    /**
     * Channels per pixel in the tensor.
     *
     * @return 3 for RGB and BGR, 1 for GRAY
     */
    public int channels() {
        return colorOrder.channels();
    }

    /**
     * The normalised value of one byte in one tensor channel, from the lookup table.
     *
     * @param channel tensor channel index, in {@link #colorOrder()} order
     * @param value byte value 0 to 255
     * @return {@code (value / scale − mean[channel]) / std[channel]} in float arithmetic
     * @throws IndexOutOfBoundsException when the channel or value is out of range
     */
    public float normalize(int channel, int value) {
        Objects.checkIndex(channel, tables.length);
        Objects.checkIndex(value, 256);
        return tables[channel][value];
    }

    /**
     * Number of floats one image of the given size occupies.
     *
     * @param width image width
     * @param height image height
     * @return {@code channels() * width * height}
     * @throws IllegalArgumentException when a size is not positive or the count overflows an int
     */
    public int tensorSize(int width, int height) {
        Checks.size("image", width, height);
        long n = (long) channels() * width * height;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A " + width + "x" + height + " tensor with " + channels()
                    + " channels exceeds 2^31 floats.");
        }
        return (int) n;
    }

    /**
     * Writes an image into {@code out} starting at absolute index {@code offset}. The buffer's position and limit
     * are left unchanged.
     *
     * @param image the pixels
     * @param out destination buffer, heap or direct, writable
     * @param offset absolute float index of the first value (for example {@code i * tensorSize(w, h)} for the
     *     i-th image of a batch)
     * @throws IllegalArgumentException when the buffer is read-only or has no room for the tensor at the offset
     */
    public void write(FerImage image, FloatBuffer out, int offset) {
        Objects.requireNonNull(image, "image");
        write(ImageAccess.pixelsOf(image), image.width(), image.height(), image.format(), out, offset);
    }

    /**
     * Writes interleaved pixels into {@code out} starting at absolute index {@code offset}. The buffer's position
     * and limit are left unchanged.
     *
     * @param pixels interleaved row-major pixels, {@code width * height * format.channels()} bytes
     * @param width image width, at least 1
     * @param height image height, at least 1
     * @param format channel order of {@code pixels}
     * @param out destination buffer, heap or direct, writable
     * @param offset absolute float index of the first value
     * @throws IllegalArgumentException when a size does not match, the buffer is read-only, or it has no room for
     *     {@code tensorSize(width, height)} floats at {@code offset} below its limit
     */
    public void write(byte[] pixels, int width, int height, PixelFormat format, FloatBuffer out, int offset) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        Checks.image("pixel", pixels, width, height, format.channels());
        int size = tensorSize(width, height);
        if (out.isReadOnly()) {
            throw new IllegalArgumentException("The tensor buffer is read-only; pass a writable FloatBuffer.");
        }
        if (offset < 0 || (long) offset + size > out.limit()) {
            throw new IllegalArgumentException("A " + width + "x" + height + "x" + channels() + " tensor at offset "
                    + offset + " needs " + size + " floats up to index " + ((long) offset + size)
                    + " but the buffer's limit is " + out.limit() + ".");
        }
        int n = width * height;
        if (out.hasArray()) {
            fill(pixels, format, 0, n, out.array(), out.arrayOffset() + offset, n);
            return;
        }
        int cn = channels();
        float[] row = ROW.get();
        if (row.length < width * cn) {
            row = new float[width * cn];
            ROW.set(row);
        }
        for (int y = 0; y < height; y++) {
            int first = y * width;
            if (layout == Layout.NCHW) {
                fill(pixels, format, first, width, row, 0, width);
                for (int c = 0; c < cn; c++) {
                    out.put(offset + c * n + first, row, c * width, width);
                }
            } else {
                fill(pixels, format, first, width, row, 0, width);
                out.put(offset + first * cn, row, 0, width * cn);
            }
        }
    }

    /**
     * Converts pixels {@code first … first + count − 1} into {@code dst}. NCHW: channel c of pixel j goes to
     * {@code base + c * plane + j}; NHWC: to {@code base + j * channels + c}.
     */
    private void fill(byte[] px, PixelFormat format, int first, int count, float[] dst, int base, int plane) {
        int cn = channels();
        int srcCn = format.channels();
        boolean nchw = layout == Layout.NCHW;
        if (cn == 1) {
            float[] t = tables[0];
            if (srcCn == 1) {
                for (int j = 0; j < count; j++) {
                    dst[base + j] = t[px[first + j] & 0xFF];
                }
            } else {
                int ri = format == PixelFormat.RGB ? 0 : 2;
                int bi = 2 - ri;
                for (int j = 0, s = first * 3; j < count; j++, s += 3) {
                    dst[base + j] = t[Grayscale.gray(px[s + ri] & 0xFF, px[s + 1] & 0xFF, px[s + bi] & 0xFF)];
                }
            }
            return;
        }
        // Source channel index read by tensor channels 0, 1, 2.
        int i0;
        int i2;
        if (srcCn == 1) {
            i0 = 0;
            i2 = 0;
        } else if (format == colorOrder) {
            i0 = 0;
            i2 = 2;
        } else {
            i0 = 2;
            i2 = 0;
        }
        int i1 = srcCn == 1 ? 0 : 1;
        float[] t0 = tables[0];
        float[] t1 = tables[1];
        float[] t2 = tables[2];
        if (nchw) {
            int p0 = base;
            int p1 = base + plane;
            int p2 = base + 2 * plane;
            for (int j = 0, s = first * srcCn; j < count; j++, s += srcCn) {
                dst[p0 + j] = t0[px[s + i0] & 0xFF];
                dst[p1 + j] = t1[px[s + i1] & 0xFF];
                dst[p2 + j] = t2[px[s + i2] & 0xFF];
            }
        } else {
            for (int j = 0, s = first * srcCn, d = base; j < count; j++, s += srcCn, d += 3) {
                dst[d] = t0[px[s + i0] & 0xFF];
                dst[d + 1] = t1[px[s + i1] & 0xFF];
                dst[d + 2] = t2[px[s + i2] & 0xFF];
            }
        }
    }

    @Override
    public String toString() {
        return "TensorWriter[" + layout + ", " + colorOrder + ", (x / " + scale + " - " + Arrays.toString(mean)
                + ") / " + Arrays.toString(std) + "]";
    }

    /**
     * Options for a {@link TensorWriter}; not thread-safe. {@link #build()} validates the options together.
     */
    public static final class Builder {
        private Layout layout = Layout.NCHW;
        private PixelFormat colorOrder = PixelFormat.RGB;
        private float scale = 1f;
        private float[] mean = {0f};
        private float[] std = {1f};

        private Builder() {
        }

        /**
         * The tensor layout. Default {@link Layout#NCHW}.
         *
         * @param layout NCHW or NHWC
         * @return this builder
         */
        public Builder layout(Layout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /**
         * The colour order of the tensor's channels; pixels in another order are converted. Default
         * {@link PixelFormat#RGB}.
         *
         * @param colorOrder RGB, BGR or GRAY (one channel, OpenCV grey weights)
         * @return this builder
         */
        public Builder colorOrder(PixelFormat colorOrder) {
            this.colorOrder = Objects.requireNonNull(colorOrder, "colorOrder");
            return this;
        }

        /**
         * The divisor applied first, {@code x / scale} (for example 255 for inputs in 0–1). Default 1.
         *
         * @param scale a positive finite number
         * @return this builder
         */
        public Builder scale(float scale) {
            this.scale = scale;
            return this;
        }

        /**
         * The value subtracted after scaling: one value for every channel, or one per tensor channel in
         * {@link #colorOrder(PixelFormat)} order. Default 0.
         *
         * @param mean one value or one per channel, finite
         * @return this builder
         */
        public Builder mean(float... mean) {
            this.mean = Objects.requireNonNull(mean, "mean").clone();
            return this;
        }

        /**
         * The divisor applied last: one value for every channel, or one per tensor channel. Default 1.
         *
         * @param std one value or one per channel, finite and non-zero
         * @return this builder
         */
        public Builder std(float... std) {
            this.std = Objects.requireNonNull(std, "std").clone();
            return this;
        }

        /**
         * Validates the options and builds the writer.
         *
         * @return a new writer
         * @throws IllegalArgumentException when the scale is not positive and finite, a mean or std array has
         *     neither 1 nor {@code channels} values, or a std value is zero or not finite
         */
        public TensorWriter build() {
            int cn = colorOrder.channels();
            if (!(scale > 0) || !Float.isFinite(scale)) {
                throw new IllegalArgumentException("The tensor scale must be positive and finite, got " + scale + ".");
            }
            String counts = cn == 1 ? "1 value" : "1 or " + cn + " values";
            if (mean.length != 1 && mean.length != cn) {
                throw new IllegalArgumentException("The mean needs " + counts + " for " + colorOrder
                        + " tensors, got " + mean.length + ".");
            }
            if (std.length != 1 && std.length != cn) {
                throw new IllegalArgumentException("The std needs " + counts + " for " + colorOrder
                        + " tensors, got " + std.length + ".");
            }
            for (float m : mean) {
                if (!Float.isFinite(m)) {
                    throw new IllegalArgumentException("Mean values must be finite, got " + Arrays.toString(mean)
                            + ".");
                }
            }
            for (float s : std) {
                if (s == 0 || !Float.isFinite(s)) {
                    throw new IllegalArgumentException("Std values must be finite and non-zero, got "
                            + Arrays.toString(std) + ".");
                }
            }
            return new TensorWriter(this);
        }
    }
}
