package dev.fer.preprocess;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.internal.ImageAccess;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * a small per-thread row buffer). {@link #writeLetterboxed(FerImage, LetterboxGeometry, int, FloatBuffer, int)}
 * letterboxes straight into the tensor, without an intermediate canvas of the model's input size.
 *
 * <p>The table entries are computed in float arithmetic in the order written above ({@code v / scale}, then
 * {@code − mean}, then {@code / std}), which is what numpy does on float32 images, so the values match a numpy
 * reference bit for bit. Grey conversion uses OpenCV's fixed-point weights ({@link Grayscale}).
 */
public final class TensorWriter {
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
    /** Resized rows per band in {@link #writeLetterboxed}. */
    private static final int BAND_ROWS = 16;
    /** Per-thread band of resized rows for {@link #writeLetterboxed} when the geometry resizes. */
    private static final ThreadLocal<byte[]> BAND = ThreadLocal.withInitial(() -> new byte[0]);

    /** Little-endian eight-byte reads from a byte array (one load instead of eight byte loads). */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** The low byte of each 16-bit lane of a long. */
    private static final long LANES = 0x00FF00FF00FF00FFL;
    /** The rounding term 2 in each 16-bit lane. */
    private static final long ROUND = 0x0002000200020002L;

    private final Layout layout;
    private final PixelFormat colorOrder;
    private final float scale;
    private final float[] mean;
    private final float[] std;
    /** The lookup tables of all channels, back to back: channel c's value of byte v is at {@code c * 256 + v}. */
    private final float[] table;

    private TensorWriter(Builder b) {
        this.layout = b.layout;
        this.colorOrder = b.colorOrder;
        this.scale = b.scale;
        int cn = colorOrder.channels();
        this.mean = expand(b.mean, cn);
        this.std = expand(b.std, cn);
        this.table = new float[cn * 256];
        for (int c = 0; c < cn; c++) {
            for (int v = 0; v < 256; v++) {
                float x = (float) v / scale;
                table[c * 256 + v] = (x - mean[c]) / std[c];
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
        Objects.checkIndex(channel, channels());
        Objects.checkIndex(value, 256);
        return table[channel * 256 + value];
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
        checkRoom(width, height, out, offset);
        writeRegion(pixels, width, height, format, out, offset, width, height, 0, 0);
    }

    /**
     * Letterboxes an image straight into the tensor: the result is bit for bit what {@link Letterbox#apply(byte[],
     * int, int, int, LetterboxGeometry, int, byte[]) Letterbox.apply} into a byte canvas of the target size
     * followed by {@link #write(byte[], int, int, PixelFormat, FloatBuffer, int) write} of that canvas produces,
     * without the canvas: the placed image is converted row by row from the source (when the geometry resizes,
     * from bands of a few resized rows in a small per-thread buffer) and the padding is filled with the normalised
     * pad value of each channel. The buffer's position and limit are left unchanged.
     *
     * @param image the source; its size must equal the geometry's source size
     * @param geometry where the image goes in the {@code targetWidth × targetHeight} tensor
     * @param padValue value of every padded byte before normalisation, 0 to 255 (for example 0, or 114 for YOLO)
     * @param out destination buffer, heap or direct, writable
     * @param offset absolute float index of the first value
     * @throws IllegalArgumentException when the image size differs from the geometry's, the pad value is outside
     *     0–255, the buffer is read-only, or it has no room for the target-size tensor at {@code offset}
     */
    public void writeLetterboxed(FerImage image, LetterboxGeometry geometry, int padValue, FloatBuffer out,
                                 int offset) {
        Objects.requireNonNull(image, "image");
        writeLetterboxed(ImageAccess.pixelsOf(image), image.width(), image.height(), image.format(), geometry,
                padValue, out, offset);
    }

    /**
     * Letterboxes interleaved pixels straight into the tensor, as {@link #writeLetterboxed(FerImage,
     * LetterboxGeometry, int, FloatBuffer, int)} does. The buffer's position and limit are left unchanged.
     *
     * @param pixels interleaved row-major pixels, {@code width * height * format.channels()} bytes
     * @param width source width; must equal {@code geometry.srcWidth()}
     * @param height source height; must equal {@code geometry.srcHeight()}
     * @param format channel order of {@code pixels}
     * @param geometry where the image goes in the {@code targetWidth × targetHeight} tensor
     * @param padValue value of every padded byte before normalisation, 0 to 255
     * @param out destination buffer, heap or direct, writable
     * @param offset absolute float index of the first value
     * @throws IllegalArgumentException when a size does not match, the pad value is outside 0–255, the buffer is
     *     read-only, or it has no room for {@code tensorSize(targetWidth, targetHeight)} floats at {@code offset}
     */
    public void writeLetterboxed(byte[] pixels, int width, int height, PixelFormat format,
                                 LetterboxGeometry geometry, int padValue, FloatBuffer out, int offset) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(out, "out");
        int srcCn = format.channels();
        Checks.image("pixel", pixels, width, height, srcCn);
        if (width != geometry.srcWidth() || height != geometry.srcHeight()) {
            throw new IllegalArgumentException("The source is " + width + "x" + height
                    + " but the letterbox geometry was computed for " + geometry.srcWidth() + "x"
                    + geometry.srcHeight() + ".");
        }
        Checks.byteValue("pad value", padValue);
        int tw = geometry.targetWidth();
        int th = geometry.targetHeight();
        checkRoom(tw, th, out, offset);
        int rw = geometry.resizedWidth();
        int rh = geometry.resizedHeight();
        int left = geometry.padLeft();
        int top = geometry.padTop();
        fillPad(format, padValue, out, offset, tw, th, rw, rh, left, top);
        if (!geometry.resizes()) {
            writeRegion(pixels, rw, rh, format, out, offset, tw, th, left, top);
            return;
        }
        if (srcCn == 3 && channels() == 3 && layout == Layout.NCHW && rw * 2 == width && rh * 2 == height) {
            writeHalved(pixels, width, format, out, offset, tw, th, rw, rh, left, top);
            return;
        }
        // Resize a band of rows at a time into a small per-thread buffer that stays in cache, then convert it.
        int bandRows = Math.min(rh, BAND_ROWS);
        byte[] band = BAND.get();
        if (band.length < rw * bandRows * srcCn) {
            band = new byte[rw * bandRows * srcCn];
            BAND.set(band);
        }
        for (int y = 0; y < rh; y += bandRows) {
            int rows = Math.min(bandRows, rh - y);
            Resize.resizeRows(pixels, width, srcCn, 0, 0, width, height, band, rw, 0, 0, rw, rh, y, y + rows);
            writeRegion(band, rw, rows, format, out, offset, tw, th, left, top + y);
        }
    }

    /**
     * An exact 2× shrink of a 3-channel image into NCHW planes in one pass: each output byte is OpenCV's INTER_LINEAR
     * value for an exact halving ({@code (a + b + c + d + 2) >> 2} of the 2×2 block, as {@link Resize} computes it)
     * and goes straight through the lookup table, without the intermediate resized bytes.
     *
     * <p>The four sums of a pixel are computed in 16-bit lanes of a long (SWAR), from one eight-byte load per source
     * row: with the bytes b0…b7 at the pixel's two source pixels (b0–b2 and b3–b5) and the two rows added, the even
     * bytes (b0, b2, b4, b6) and the odd ones (b1, b3, b5, b7) each fill four lanes; {@code even + (odd >>> 16)} has
     * b0 + b3 in lane 0 and b2 + b5 in lane 1, {@code odd + (even >>> 32)} has b1 + b4 in lane 0. Each lane stays
     * below 1024, so adding 2 per lane and shifting right by 2 gives {@code (a + b + c + d + 2) >> 2} in the low byte
     * of the lane, exactly.
     */
    private void writeHalved(byte[] px, int width, PixelFormat format, FloatBuffer out, int offset, int tw, int th,
                             int rw, int rh, int left, int top) {
        if (format == colorOrder) {
            halvedPlanes(px, width, 0, 1, 2, out, offset, tw, th, rw, rh, left, top);
        } else {
            halvedPlanes(px, width, 2, 1, 0, out, offset, tw, th, rw, rh, left, top);
        }
    }

    private void halvedPlanes(byte[] px, int width, int o0, int o1, int o2, FloatBuffer out, int offset, int tw,
                              int th, int rw, int rh, int left, int top) {
        float[] t = table;
        int plane = tw * th;
        int srcRow = width * 3;
        boolean heap = out.hasArray();
        float[] a = heap ? out.array() : null;
        float[] row = heap ? null : row(3 * rw);
        // Source byte 0 comes out of xs >>> 2, byte 1 out of ys >>> 2 and byte 2 out of xs >>> 18 (see writeHalved).
        int sh0 = o0 == 0 ? 2 : 18;
        int sh2 = o2 == 0 ? 2 : 18;
        int last = rw - 1;
        for (int y = 0; y < rh; y++) {
            int p = (top + y) * tw + left;
            float[] d = heap ? a : row;
            int d0 = heap ? out.arrayOffset() + offset + p : 0;
            int d1 = heap ? d0 + plane : rw;
            int d2 = heap ? d1 + plane : 2 * rw;
            int s = 2 * y * srcRow;
            int n = s + srcRow;
            // All but the last pixel of the row: eight-byte loads (the last pixel's would pass the row's end).
            for (int x = 0, j = 0; x < last; x++, j += 6) {
                long u = (long) LONG_LE.get(px, s + j);
                long v = (long) LONG_LE.get(px, n + j);
                long even = (u & LANES) + (v & LANES);
                long odd = ((u >>> 8) & LANES) + ((v >>> 8) & LANES);
                long xs = even + (odd >>> 16) + ROUND;
                long ys = odd + (even >>> 32) + ROUND;
                d[d0 + x] = t[(int) (xs >>> sh0) & 0xFF];
                d[d1 + x] = t[256 + ((int) (ys >>> 2) & 0xFF)];
                d[d2 + x] = t[512 + ((int) (xs >>> sh2) & 0xFF)];
            }
            int u = s + 6 * last;
            int v = n + 6 * last;
            d[d0 + last] = t[((px[u + o0] & 0xFF) + (px[u + 3 + o0] & 0xFF) + (px[v + o0] & 0xFF)
                    + (px[v + 3 + o0] & 0xFF) + 2) >> 2];
            d[d1 + last] = t[256 + (((px[u + o1] & 0xFF) + (px[u + 3 + o1] & 0xFF) + (px[v + o1] & 0xFF)
                    + (px[v + 3 + o1] & 0xFF) + 2) >> 2)];
            d[d2 + last] = t[512 + (((px[u + o2] & 0xFF) + (px[u + 3 + o2] & 0xFF) + (px[v + o2] & 0xFF)
                    + (px[v + 3 + o2] & 0xFF) + 2) >> 2)];
            if (!heap) {
                out.put(offset + p, row, 0, rw);
                out.put(offset + plane + p, row, rw, rw);
                out.put(offset + 2 * plane + p, row, 2 * rw, rw);
            }
        }
    }

    private void checkRoom(int width, int height, FloatBuffer out, int offset) {
        int size = tensorSize(width, height);
        if (out.isReadOnly()) {
            throw new IllegalArgumentException("The tensor buffer is read-only; pass a writable FloatBuffer.");
        }
        if (offset < 0 || (long) offset + size > out.limit()) {
            throw new IllegalArgumentException("A " + width + "x" + height + "x" + channels() + " tensor at offset "
                    + offset + " needs " + size + " floats up to index " + ((long) offset + size)
                    + " but the buffer's limit is " + out.limit() + ".");
        }
    }

    /**
     * Converts the {@code width × height} pixels (row stride {@code width}) into the rectangle at
     * {@code left, top} of a {@code tw × th} tensor at {@code offset}; arguments already validated.
     */
    private void writeRegion(byte[] px, int width, int height, PixelFormat format, FloatBuffer out, int offset,
                             int tw, int th, int left, int top) {
        int cn = channels();
        int plane = tw * th;
        boolean nchw = layout == Layout.NCHW;
        if (out.hasArray()) {
            float[] a = out.array();
            int base = out.arrayOffset() + offset;
            if (width == tw) {
                int d = nchw ? base + top * tw : base + top * tw * cn;
                fill(px, format, 0, width * height, a, d, plane);
                return;
            }
            for (int y = 0; y < height; y++) {
                int p = (top + y) * tw + left;
                fill(px, format, y * width, width, a, nchw ? base + p : base + p * cn, plane);
            }
            return;
        }
        float[] row = row(width * cn);
        for (int y = 0; y < height; y++) {
            int p = (top + y) * tw + left;
            fill(px, format, y * width, width, row, 0, width);
            if (nchw) {
                for (int c = 0; c < cn; c++) {
                    out.put(offset + c * plane + p, row, c * width, width);
                }
            } else {
                out.put(offset + p * cn, row, 0, width * cn);
            }
        }
    }

    /**
     * Writes the normalised pad value into every tensor element outside the {@code rw × rh} rectangle at
     * {@code left, top}: per plane (NCHW) or for interleaved pixels (NHWC), the padding is one run before the first
     * image row, one run between consecutive image rows and one after the last, each filled by bulk puts of a
     * constant row.
     */
    private void fillPad(PixelFormat format, int padValue, FloatBuffer out, int offset, int tw, int th, int rw,
                         int rh, int left, int top) {
        if (rw == tw && rh == th) {
            return;
        }
        int cn = channels();
        // A pad pixel has the same value in every source channel, so only a grey conversion can change it.
        int v = cn == 1 && format.channels() == 3 ? Grayscale.gray(padValue, padValue, padValue) : padValue;
        int plane = tw * th;
        float[] row = row(tw * cn);
        if (layout == Layout.NCHW) {
            for (int c = 0; c < cn; c++) {
                Arrays.fill(row, 0, tw, table[c * 256 + v]);
                fillRuns(out, offset + c * plane, 1, row, tw, th, rw, rh, left, top);
            }
        } else {
            for (int i = 0; i < tw * cn; i++) {
                row[i] = table[i % cn * 256 + v];
            }
            fillRuns(out, offset, cn, row, tw, th, rw, rh, left, top);
        }
    }

    /** Puts the constant {@code row} ({@code tw * cn} floats) over the pad runs of one plane of pixel size cn. */
    private static void fillRuns(FloatBuffer out, int base, int cn, float[] row, int tw, int th, int rw, int rh,
                                 int left, int top) {
        int start = 0;
        for (int y = 0; y < rh; y++) {
            int image = (top + y) * tw + left;
            putRun(out, base + start * cn, (image - start) * cn, row, tw * cn);
            start = image + rw;
        }
        putRun(out, base + start * cn, (th * tw - start) * cn, row, tw * cn);
    }

    private static void putRun(FloatBuffer out, int index, int len, float[] row, int chunk) {
        for (int done = 0; done < len; done += chunk) {
            out.put(index + done, row, 0, Math.min(chunk, len - done));
        }
    }

    /** The per-thread row buffer, grown to at least {@code length} floats. */
    private static float[] row(int length) {
        float[] row = ROW.get();
        if (row.length < length) {
            row = new float[length];
            ROW.set(row);
        }
        return row;
    }

    /**
     * Converts pixels {@code first … first + count − 1} into {@code dst}. NCHW: channel c of pixel j goes to
     * {@code base + c * plane + j}; NHWC: to {@code base + j * channels + c}.
     */
    private void fill(byte[] px, PixelFormat format, int first, int count, float[] dst, int base, int plane) {
        float[] t = table;
        int srcCn = format.channels();
        if (channels() == 1) {
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
        // Constant byte strides and offsets per case: replicated grey, same colour order, swapped red and blue.
        int s = first * srcCn;
        boolean planar = layout == Layout.NCHW;
        if (srcCn == 1) {
            if (planar) {
                planes(px, s, 1, 0, 0, 0, count, dst, base, plane);
            } else {
                interleaved(px, s, 1, 0, 0, 0, count, dst, base);
            }
        } else if (format == colorOrder) {
            if (planar) {
                planes(px, s, 3, 0, 1, 2, count, dst, base, plane);
            } else {
                interleaved(px, s, 3, 0, 1, 2, count, dst, base);
            }
        } else if (planar) {
            planes(px, s, 3, 2, 1, 0, count, dst, base, plane);
        } else {
            interleaved(px, s, 3, 2, 1, 0, count, dst, base);
        }
    }

    /**
     * Three-channel NCHW conversion of {@code count} pixels from byte index {@code s}. Called with constant strides
     * and offsets so that, once inlined, the JIT compiles a loop with constant addressing for each source order
     * (faster than one loop with variable offsets); the three bytes are read before the three stores.
     */
    private void planes(byte[] px, int s, int stride, int o0, int o1, int o2, int count, float[] dst, int base,
                      int plane) {
        float[] t = table;
        int p1 = base + plane;
        int p2 = p1 + plane;
        for (int j = 0; j < count; j++, s += stride) {
            int v0 = px[s + o0] & 0xFF;
            int v1 = px[s + o1] & 0xFF;
            int v2 = px[s + o2] & 0xFF;
            dst[base + j] = t[v0];
            dst[p1 + j] = t[256 + v1];
            dst[p2 + j] = t[512 + v2];
        }
    }

    /** Three-channel NHWC conversion, the interleaved counterpart of {@link #planes}. */
    private void interleaved(byte[] px, int s, int stride, int o0, int o1, int o2, int count, float[] dst, int d) {
        float[] t = table;
        for (int j = 0; j < count; j++, s += stride, d += 3) {
            int v0 = px[s + o0] & 0xFF;
            int v1 = px[s + o1] & 0xFF;
            int v2 = px[s + o2] & 0xFF;
            dst[d] = t[v0];
            dst[d + 1] = t[256 + v1];
            dst[d + 2] = t[512 + v2];
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
