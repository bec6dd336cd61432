package dev.fer.preprocess;

import dev.fer.image.FerImage;
import dev.fer.internal.ImageAccess;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bilinear resizing of 8-bit interleaved images, bit-exact with OpenCV 4.x {@code cv::resize(..., INTER_LINEAR)}.
 *
 * <p>Stateless and thread-safe: the only shared state is an internal cache of immutable per-size coefficient
 * tables, and each thread resizes through its own small row buffers.
 *
 * <p>The arithmetic is OpenCV's: source coordinate {@code (dst + 0.5) · in/out − 0.5} computed in double and
 * rounded to float, clamped at the edges, weights rounded to 11-bit fixed point ({@code INTER_RESIZE_COEF_BITS}),
 * a horizontal pass into 32-bit sums and a vertical pass that shifts each row sum right by 4, multiplies by the
 * vertical weight, shifts right by 16 and rounds the sum of the two rows with {@code (s + 2) >> 2}. There is no
 * anti-aliasing when shrinking. Like OpenCV, a resize to exactly half the width and half the height averages each
 * 2×2 block ({@code (a + b + c + d + 2) >> 2}), and a resize to the same size copies.
 */
public final class Resize {
    static final int COEF_BITS = 11;
    static final int COEF_SCALE = 1 << COEF_BITS;
    private static final int CACHE_LIMIT = 256;

    private static final ConcurrentHashMap<AxisKey, Axis> AXES = new ConcurrentHashMap<>();
    private static final ThreadLocal<int[][]> ROWS = ThreadLocal.withInitial(() -> new int[][] {new int[0],
        new int[0]});

    private Resize() {
    }

    /**
     * Resizes a whole image into a caller-provided array.
     *
     * @param src source pixels, {@code srcWidth * srcHeight * channels} bytes, interleaved, row-major
     * @param srcWidth source width, at least 1
     * @param srcHeight source height, at least 1
     * @param channels interleaved channels per pixel, 1 to 4
     * @param dst destination, exactly {@code dstWidth * dstHeight * channels} bytes; every byte is written
     * @param dstWidth destination width, at least 1
     * @param dstHeight destination height, at least 1
     * @throws IllegalArgumentException when a size is not positive or an array length does not match its size
     */
    public static void bilinear(byte[] src, int srcWidth, int srcHeight, int channels,
                                byte[] dst, int dstWidth, int dstHeight) {
        Checks.image("source", src, srcWidth, srcHeight, channels);
        Checks.image("destination", dst, dstWidth, dstHeight, channels);
        resize(src, srcWidth, channels, 0, 0, srcWidth, srcHeight, dst, dstWidth, 0, 0, dstWidth, dstHeight);
    }

    /**
     * Resizes one rectangle of the source into one rectangle of the destination, leaving the rest of the
     * destination untouched. The result equals OpenCV resizing the source region (a {@code Mat} ROI, which never
     * reads pixels outside the region) and copying it into the target rectangle, so a letterbox only touches the
     * placed image.
     *
     * @param src source pixels, {@code srcWidth * srcHeight * channels} bytes
     * @param srcWidth source width
     * @param srcHeight source height
     * @param channels interleaved channels per pixel, 1 to 4
     * @param region the source rectangle to read; must lie inside the source
     * @param dst destination pixels, {@code dstWidth * dstHeight * channels} bytes
     * @param dstWidth destination width
     * @param dstHeight destination height
     * @param target the destination rectangle to write, of the output size; must lie inside the destination
     * @throws IllegalArgumentException when a size is not positive, an array length does not match its size, or a
     *     rectangle is not inside its image
     */
    public static void bilinear(byte[] src, int srcWidth, int srcHeight, int channels, IntRect region,
                                byte[] dst, int dstWidth, int dstHeight, IntRect target) {
        Checks.image("source", src, srcWidth, srcHeight, channels);
        Checks.image("destination", dst, dstWidth, dstHeight, channels);
        Checks.inside("source region", region, "source", srcWidth, srcHeight);
        Checks.inside("target rectangle", target, "destination", dstWidth, dstHeight);
        resize(src, srcWidth, channels, region.x(), region.y(), region.width(), region.height(),
                dst, dstWidth, target.x(), target.y(), target.width(), target.height());
    }

    /**
     * Resizes an image into a new one of the same pixel format.
     *
     * @param image the source
     * @param width output width, at least 1
     * @param height output height, at least 1
     * @return the resized image, or {@code image} itself when the size is unchanged
     * @throws IllegalArgumentException when the output size is not positive
     */
    public static FerImage bilinear(FerImage image, int width, int height) {
        Objects.requireNonNull(image, "image");
        Checks.size("output", width, height);
        if (width == image.width() && height == image.height()) {
            return image;
        }
        int cn = image.channels();
        long n = (long) width * height * cn;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The output " + width + "x" + height + " with " + cn
                    + " channels is too large for one Java array.");
        }
        byte[] out = new byte[(int) n];
        resize(ImageAccess.pixelsOf(image), image.width(), cn, 0, 0, image.width(), image.height(),
                out, width, 0, 0, width, height);
        return ImageAccess.wrap(out, width, height, image.format());
    }

    /** Arguments already validated; strides are image widths in pixels. */
    static void resize(byte[] src, int srcStride, int cn, int rx, int ry, int rw, int rh,
                       byte[] dst, int dstStride, int tx, int ty, int tw, int th) {
        if (rw == tw && rh == th) {
            for (int y = 0; y < th; y++) {
                System.arraycopy(src, ((ry + y) * srcStride + rx) * cn, dst, ((ty + y) * dstStride + tx) * cn,
                        tw * cn);
            }
            return;
        }
        if (rw == 2 * tw && rh == 2 * th) {
            halve(src, srcStride, cn, rx, ry, dst, dstStride, tx, ty, tw, th);
            return;
        }
        Axis xs = axis(rw, tw, cn, true);
        Axis ys = axis(rh, th, 1, false);
        int rowLen = tw * cn;
        int[][] bufs = ROWS.get();
        if (bufs[0].length < rowLen) {
            bufs[0] = new int[rowLen];
            bufs[1] = new int[rowLen];
        }
        int[] bufA = bufs[0];
        int[] bufB = bufs[1];
        int rowA = -1;
        int rowB = -1;
        int srcRowLen = srcStride * cn;
        int srcBase = rx * cn;
        for (int dy = 0; dy < th; dy++) {
            int s0 = ys.i0[dy];
            int s1 = ys.i1[dy];
            int[] p0;
            int[] p1;
            if (rowA == s0) {
                p0 = bufA;
            } else if (rowB == s0) {
                p0 = bufB;
            } else if (rowA == s1) {
                horizontal(src, (ry + s0) * srcRowLen + srcBase, xs, cn, bufB, tw);
                rowB = s0;
                p0 = bufB;
            } else {
                horizontal(src, (ry + s0) * srcRowLen + srcBase, xs, cn, bufA, tw);
                rowA = s0;
                p0 = bufA;
            }
            if (s1 == s0) {
                p1 = p0;
            } else if (rowA == s1) {
                p1 = bufA;
            } else if (rowB == s1) {
                p1 = bufB;
            } else if (p0 == bufA) {
                horizontal(src, (ry + s1) * srcRowLen + srcBase, xs, cn, bufB, tw);
                rowB = s1;
                p1 = bufB;
            } else {
                horizontal(src, (ry + s1) * srcRowLen + srcBase, xs, cn, bufA, tw);
                rowA = s1;
                p1 = bufA;
            }
            vertical(p0, p1, ys.w0[dy], ys.w1[dy], dst, ((ty + dy) * dstStride + tx) * cn, rowLen);
        }
    }

    private static void horizontal(byte[] src, int base, Axis xs, int cn, int[] row, int tw) {
        int[] i0 = xs.i0;
        int[] i1 = xs.i1;
        int[] w0 = xs.w0;
        int[] w1 = xs.w1;
        if (cn == 1) {
            for (int dx = 0; dx < tw; dx++) {
                row[dx] = (src[base + i0[dx]] & 0xFF) * w0[dx] + (src[base + i1[dx]] & 0xFF) * w1[dx];
            }
        } else if (cn == 3) {
            for (int dx = 0, o = 0; dx < tw; dx++, o += 3) {
                int a = base + i0[dx];
                int b = base + i1[dx];
                int wa = w0[dx];
                int wb = w1[dx];
                row[o] = (src[a] & 0xFF) * wa + (src[b] & 0xFF) * wb;
                row[o + 1] = (src[a + 1] & 0xFF) * wa + (src[b + 1] & 0xFF) * wb;
                row[o + 2] = (src[a + 2] & 0xFF) * wa + (src[b + 2] & 0xFF) * wb;
            }
        } else {
            for (int dx = 0, o = 0; dx < tw; dx++) {
                int a = base + i0[dx];
                int b = base + i1[dx];
                int wa = w0[dx];
                int wb = w1[dx];
                for (int k = 0; k < cn; k++, o++) {
                    row[o] = (src[a + k] & 0xFF) * wa + (src[b + k] & 0xFF) * wb;
                }
            }
        }
    }

    private static void vertical(int[] r0, int[] r1, int b0, int b1, byte[] dst, int off, int len) {
        if (b1 == 0 && b0 == COEF_SCALE) {
            // (2048 * (s >> 4)) >> 16 == s >> 9 exactly, and the second term is 0.
            for (int i = 0; i < len; i++) {
                dst[off + i] = (byte) (((r0[i] >> 9) + 2) >> 2);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[off + i] = (byte) ((((b0 * (r0[i] >> 4)) >> 16) + ((b1 * (r1[i] >> 4)) >> 16) + 2) >> 2);
        }
    }

    /** OpenCV's INTER_AREA fast path, which INTER_LINEAR takes for an exact 2x shrink in both directions. */
    private static void halve(byte[] src, int srcStride, int cn, int rx, int ry,
                              byte[] dst, int dstStride, int tx, int ty, int tw, int th) {
        int len = tw * cn;
        for (int dy = 0; dy < th; dy++) {
            int s = ((ry + 2 * dy) * srcStride + rx) * cn;
            int n = s + srcStride * cn;
            int d = ((ty + dy) * dstStride + tx) * cn;
            if (cn == 2) {
                // OpenCV has no 2-channel fast kernel: it rounds sum * 0.25f half to even.
                for (int i = 0; i < len; i++) {
                    int j = (i / cn) * 2 * cn + i % cn;
                    int sum = (src[s + j] & 0xFF) + (src[s + j + cn] & 0xFF) + (src[n + j] & 0xFF)
                            + (src[n + j + cn] & 0xFF);
                    dst[d + i] = (byte) (int) Math.rint(sum * 0.25f);
                }
            } else if (cn == 1) {
                for (int i = 0, j = 0; i < len; i++, j += 2) {
                    dst[d + i] = (byte) (((src[s + j] & 0xFF) + (src[s + j + 1] & 0xFF) + (src[n + j] & 0xFF)
                            + (src[n + j + 1] & 0xFF) + 2) >> 2);
                }
            } else {
                for (int px = 0; px < tw; px++) {
                    int j = px * 2 * cn;
                    int o = d + px * cn;
                    for (int k = 0; k < cn; k++) {
                        dst[o + k] = (byte) (((src[s + j + k] & 0xFF) + (src[s + j + k + cn] & 0xFF)
                                + (src[n + j + k] & 0xFF) + (src[n + j + k + cn] & 0xFF) + 2) >> 2);
                    }
                }
            }
        }
    }

    static Axis axis(int in, int out, int cn, boolean horizontal) {
        AxisKey key = new AxisKey(in, out, cn, horizontal);
        Axis a = AXES.get(key);
        if (a == null) {
            if (AXES.size() >= CACHE_LIMIT) {
                AXES.clear();
            }
            a = horizontal ? xAxis(in, out, cn) : yAxis(in, out);
            AXES.putIfAbsent(key, a);
        }
        return a;
    }

    /** Column table: element offsets already multiplied by {@code cn}; edges use one tap with weight 2048. */
    private static Axis xAxis(int in, int out, int cn) {
        double scale = 1.0 / ((double) out / in);
        Axis a = new Axis(out);
        for (int dx = 0; dx < out; dx++) {
            float fx = (float) ((dx + 0.5) * scale - 0.5);
            int sx = (int) Math.floor(fx);
            fx -= sx;
            if (sx < 0) {
                fx = 0;
                sx = 0;
            }
            boolean single = sx + 1 >= in;
            if (single) {
                // OpenCV: past xmax the sum is S[sx] * INTER_RESIZE_COEF_SCALE with sx = in - 1.
                sx = in - 1;
                a.i0[dx] = sx * cn;
                a.i1[dx] = sx * cn;
                a.w0[dx] = COEF_SCALE;
                a.w1[dx] = 0;
            } else {
                a.i0[dx] = sx * cn;
                a.i1[dx] = (sx + 1) * cn;
                a.w0[dx] = toShort((1f - fx) * COEF_SCALE);
                a.w1[dx] = toShort(fx * COEF_SCALE);
            }
        }
        return a;
    }

    /** Row table: row indices clamped to the image, weights from the unclamped coordinate, as OpenCV does. */
    private static Axis yAxis(int in, int out) {
        double scale = 1.0 / ((double) out / in);
        Axis a = new Axis(out);
        for (int dy = 0; dy < out; dy++) {
            float fy = (float) ((dy + 0.5) * scale - 0.5);
            int sy = (int) Math.floor(fy);
            fy -= sy;
            a.i0[dy] = clip(sy, in);
            a.i1[dy] = clip(sy + 1, in);
            a.w0[dy] = toShort((1f - fy) * COEF_SCALE);
            a.w1[dy] = toShort(fy * COEF_SCALE);
        }
        return a;
    }

    private static int clip(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

    /** OpenCV's {@code saturate_cast<short>(float)}: round half to even, then saturate. */
    private static int toShort(float v) {
        double r = Math.rint(v);
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /** Per-output-index source offsets and fixed-point weights for one axis. Immutable once built. */
    static final class Axis {
        final int[] i0;
        final int[] i1;
        final int[] w0;
        final int[] w1;

        Axis(int n) {
            i0 = new int[n];
            i1 = new int[n];
            w0 = new int[n];
            w1 = new int[n];
        }
    }

    private record AxisKey(int in, int out, int cn, boolean horizontal) {
    }
}
