package dev.fer.preprocess;

import dev.fer.image.PixelFormat;

import dev.fer.image.FerImage;
import dev.fer.internal.ImageAccess;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bilinear resizing of 8-bit interleaved images, bit-exact with OpenCV 4.x {@code cv::resize(..., INTER_LINEAR)}.
 * Stateless and thread-safe: the only shared state is an internal cache of immutable per-size coefficient tables,
 * and each thread resizes through its own small row buffers.
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
    /** Per-thread most recently used tables, looked up without allocating a key (most calls repeat sizes). */
    private static final ThreadLocal<Axis[]> RECENT = ThreadLocal.withInitial(() -> new Axis[8]);
    /** Per-thread buffers: two horizontally resized source rows and one vertical result row. */
    private static final ThreadLocal<RowPair> ROWS = ThreadLocal.withInitial(RowPair::new);

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

    /**
     * The grey version of a rectangle of a colour image, resized: the same bytes as {@link Grayscale#region} (border
     * value 0 outside the image) followed by {@link #bilinear(byte[], int, int, int, byte[], int, int)}, but grey
     * values are computed only for the source pixels the resize reads (two columns per output column, two rows per
     * output row), in one pass without the intermediate grey crop. This is mini-Xception's input: a 64×64 grey crop
     * from a face box of any size.
     *
     * @param src source pixels, {@code width * height * 3} bytes ({@link PixelFormat#BGR} or {@link PixelFormat#RGB})
     *     or {@code width * height} ({@link PixelFormat#GRAY})
     * @param width source width
     * @param height source height
     * @param format source pixel format
     * @param rect the rectangle to crop, may extend beyond the image
     * @param dst destination, {@code dstWidth * dstHeight} bytes
     * @param dstWidth output width
     * @param dstHeight output height
     * @throws IllegalArgumentException when a size is not positive or an array length does not match its size
     */
    public static void grayBilinear(byte[] src, int width, int height, PixelFormat format, IntRect rect, byte[] dst,
                                    int dstWidth, int dstHeight) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rect, "rect");
        Checks.image("source", src, width, height, format.channels());
        Checks.image("destination", dst, dstWidth, dstHeight, 1);
        int rw = rect.width();
        int rh = rect.height();
        boolean special = (rw == dstWidth && rh == dstHeight) || (rw == 2 * dstWidth && rh == 2 * dstHeight) || rw == 1;
        if (special || (format != PixelFormat.BGR && format != PixelFormat.RGB)) {
            byte[] gray = new byte[Math.multiplyExact(rw, rh)];
            Grayscale.region(src, width, height, format, rect, 0, gray);
            bilinear(gray, rw, rh, 1, dst, dstWidth, dstHeight);
            return;
        }
        int ri = format == PixelFormat.RGB ? 0 : 2;
        Axis xs = axis(rw, dstWidth, 1, true);
        Axis ys = axis(rh, dstHeight, 1, false);
        RowPair rows = ROWS.get().start(dstWidth);
        for (int dy = 0; dy < dstHeight; dy++) {
            int s0 = ys.i0[dy];
            int s1 = ys.i1[dy];
            int[] p0 = rows.cached(s0);
            if (p0 == null) {
                p0 = rows.claim(s0, s1);
                grayRow(src, width, height, ri, rect, s0, xs, p0, dstWidth);
            }
            int[] p1 = s1 == s0 ? p0 : rows.cached(s1);
            if (p1 == null) {
                p1 = rows.claim(s1, s0);
                grayRow(src, width, height, ri, rect, s1, xs, p1, dstWidth);
            }
            vertical(p0, p1, ys.w0[dy], ys.w1[dy], rows.out, dst, dy * dstWidth, dstWidth);
        }
    }

    /** The horizontal pass over region row {@code ry}, reading grey values of the two taps of each column. */
    private static void grayRow(byte[] src, int width, int height, int ri, IntRect rect, int ry, Axis xs, int[] row,
                                int tw) {
        int y = rect.y() + ry;
        if (y < 0 || y >= height) {
            java.util.Arrays.fill(row, 0, tw, 0);
            return;
        }
        int[] t = xs.tab;
        int base = y * width;
        int bi = 2 - ri;
        int x0 = rect.x();
        for (int dx = 0, j = 0; dx < tw; dx++, j += 3) {
            int xa = x0 + t[j];
            int xb = xa + 1;
            int ga = 0;
            int gb = 0;
            if (xa >= 0 && xa < width) {
                int s = (base + xa) * 3;
                ga = Grayscale.gray(src[s + ri] & 0xFF, src[s + 1] & 0xFF, src[s + bi] & 0xFF);
            }
            if (xb >= 0 && xb < width) {
                int s = (base + xb) * 3;
                gb = Grayscale.gray(src[s + ri] & 0xFF, src[s + 1] & 0xFF, src[s + bi] & 0xFF);
            }
            row[dx] = (ga * t[j + 1] + gb * t[j + 2]) >> 4;
        }
    }

    /** Arguments already validated; strides are image widths in pixels. */
    static void resize(byte[] src, int srcStride, int cn, int rx, int ry, int rw, int rh,
                       byte[] dst, int dstStride, int tx, int ty, int tw, int th) {
        resizeRows(src, srcStride, cn, rx, ry, rw, rh, dst, dstStride, tx, ty, tw, th, 0, th);
    }

    /**
     * Output rows {@code fromRow … toRow − 1} of the {@code tw × th} resize of the source region, written to
     * destination rows {@code ty}, {@code ty + 1}, …: resizing a tall image band by band through a small buffer
     * gives the same bytes as one call for all rows. Arguments already validated.
     */
    static void resizeRows(byte[] src, int srcStride, int cn, int rx, int ry, int rw, int rh,
                           byte[] dst, int dstStride, int tx, int ty, int tw, int th, int fromRow, int toRow) {
        int dstRow0 = ty - fromRow;
        if (rw == tw && rh == th) {
            for (int y = fromRow; y < toRow; y++) {
                System.arraycopy(src, ((ry + y) * srcStride + rx) * cn, dst,
                        ((dstRow0 + y) * dstStride + tx) * cn, tw * cn);
            }
            return;
        }
        if (rw == 2 * tw && rh == 2 * th) {
            halve(src, srcStride, cn, rx, ry, dst, dstStride, tx, dstRow0, tw, fromRow, toRow);
            return;
        }
        Axis xs = axis(rw, tw, cn, true);
        Axis ys = axis(rh, th, 1, false);
        int rowLen = tw * cn;
        RowPair rows = ROWS.get().start(rowLen);
        int srcRowLen = srcStride * cn;
        int srcBase = rx * cn;
        boolean single = rw == 1;
        for (int dy = fromRow; dy < toRow; dy++) {
            int s0 = ys.i0[dy];
            int s1 = ys.i1[dy];
            int[] p0 = rows.cached(s0);
            if (p0 == null) {
                p0 = rows.claim(s0, s1);
                hrow(src, (ry + s0) * srcRowLen + srcBase, xs, cn, p0, tw, single);
            }
            int[] p1 = s1 == s0 ? p0 : rows.cached(s1);
            if (p1 == null) {
                p1 = rows.claim(s1, s0);
                hrow(src, (ry + s1) * srcRowLen + srcBase, xs, cn, p1, tw, single);
            }
            vertical(p0, p1, ys.w0[dy], ys.w1[dy], rows.out, dst, ((dstRow0 + dy) * dstStride + tx) * cn, rowLen);
        }
    }

    private static void hrow(byte[] src, int base, Axis xs, int cn, int[] row, int tw, boolean single) {
        if (single) {
            horizontalSingle(src, base, cn, row, tw);
        } else {
            horizontal(src, base, xs, cn, row, tw);
        }
    }

    private static void horizontal(byte[] src, int base, Axis xs, int cn, int[] row, int tw) {
        int[] t = xs.tab;
        if (cn == 3) {
            for (int dx = 0, o = 0, j = 0; dx < tw; dx++, o += 3, j += 3) {
                int a = base + t[j];
                int wa = t[j + 1];
                int wb = t[j + 2];
                row[o] = ((src[a] & 0xFF) * wa + (src[a + 3] & 0xFF) * wb) >> 4;
                row[o + 1] = ((src[a + 1] & 0xFF) * wa + (src[a + 4] & 0xFF) * wb) >> 4;
                row[o + 2] = ((src[a + 2] & 0xFF) * wa + (src[a + 5] & 0xFF) * wb) >> 4;
            }
        } else if (cn == 1) {
            for (int dx = 0, j = 0; dx < tw; dx++, j += 3) {
                int a = base + t[j];
                row[dx] = ((src[a] & 0xFF) * t[j + 1] + (src[a + 1] & 0xFF) * t[j + 2]) >> 4;
            }
        } else {
            for (int dx = 0, o = 0, j = 0; dx < tw; dx++, j += 3) {
                int a = base + t[j];
                int wa = t[j + 1];
                int wb = t[j + 2];
                for (int k = 0; k < cn; k++, o++) {
                    row[o] = ((src[a + k] & 0xFF) * wa + (src[a + cn + k] & 0xFF) * wb) >> 4;
                }
            }
        }
    }

    /** A one-pixel-wide source: every output column is that pixel times 2048. */
    private static void horizontalSingle(byte[] src, int base, int cn, int[] row, int tw) {
        for (int dx = 0, o = 0; dx < tw; dx++) {
            for (int k = 0; k < cn; k++, o++) {
                row[o] = ((src[base + k] & 0xFF) * COEF_SCALE) >> 4;
            }
        }
    }

    /**
     * Rows hold the horizontal sums already shifted right by 4, as OpenCV's vertical pass reads them. The arithmetic
     * goes into an int row first and is narrowed to bytes in a second loop: the JIT vectorises the first loop but
     * not a fused one that stores bytes.
     */
    private static void vertical(int[] r0, int[] r1, int b0, int b1, int[] out, byte[] dst, int off, int len) {
        if (b1 == 0 && b0 == COEF_SCALE) {
            // (2048 * h) >> 16 == h >> 5 exactly, and the second term is 0.
            for (int i = 0; i < len; i++) {
                out[i] = ((r0[i] >> 5) + 2) >> 2;
            }
        } else {
            for (int i = 0; i < len; i++) {
                out[i] = (((b0 * r0[i]) >> 16) + ((b1 * r1[i]) >> 16) + 2) >> 2;
            }
        }
        for (int i = 0; i < len; i++) {
            dst[off + i] = (byte) out[i];
        }
    }

    /**
     * OpenCV's INTER_AREA fast path, which INTER_LINEAR takes for an exact 2x shrink in both directions: output rows
     * {@code fromRow … toRow − 1}, output row dy going to destination row {@code ty + dy}.
     */
    private static void halve(byte[] src, int srcStride, int cn, int rx, int ry,
                              byte[] dst, int dstStride, int tx, int ty, int tw, int fromRow, int toRow) {
        int len = tw * cn;
        for (int dy = fromRow; dy < toRow; dy++) {
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
            } else if (cn == 3) {
                for (int i = 0, j = 0; i < len; i += 3, j += 6) {
                    int a = s + j;
                    int b = n + j;
                    dst[d + i] = (byte) (((src[a] & 0xFF) + (src[a + 3] & 0xFF) + (src[b] & 0xFF)
                            + (src[b + 3] & 0xFF) + 2) >> 2);
                    dst[d + i + 1] = (byte) (((src[a + 1] & 0xFF) + (src[a + 4] & 0xFF) + (src[b + 1] & 0xFF)
                            + (src[b + 4] & 0xFF) + 2) >> 2);
                    dst[d + i + 2] = (byte) (((src[a + 2] & 0xFF) + (src[a + 5] & 0xFF) + (src[b + 2] & 0xFF)
                            + (src[b + 5] & 0xFF) + 2) >> 2);
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
        Axis[] recent = RECENT.get();
        for (Axis r : recent) {
            if (r != null && r.in == in && r.out == out && r.cn == cn && r.horizontal == horizontal) {
                return r;
            }
        }
        AxisKey key = new AxisKey(in, out, cn, horizontal);
        Axis a = AXES.get(key);
        if (a == null) {
            if (AXES.size() >= CACHE_LIMIT) {
                AXES.clear();
            }
            a = horizontal ? xAxis(in, out, cn) : yAxis(in, out);
            a.in = in;
            a.out = out;
            a.cn = cn;
            a.horizontal = horizontal;
            Axis prev = AXES.putIfAbsent(key, a);
            if (prev != null) {
                a = prev;
            }
        }
        System.arraycopy(recent, 0, recent, 1, recent.length - 1);
        recent[0] = a;
        return a;
    }

    /**
     * Column table {@code {offset, w0, w1}} per output column, offsets already multiplied by {@code cn}; the sum is
     * {@code S[offset] * w0 + S[offset + cn] * w1}. OpenCV's one-tap edge ({@code S[in - 1] * 2048}) is stored as
     * offset {@code in - 2} with weights {@code (0, 2048)}, so the kernel needs no edge branch; a one-pixel-wide
     * source uses {@link #horizontalSingle} instead.
     */
    private static Axis xAxis(int in, int out, int cn) {
        double scale = 1.0 / ((double) out / in);
        Axis a = new Axis(out, true);
        int[] t = a.tab;
        for (int dx = 0; dx < out; dx++) {
            float fx = (float) ((dx + 0.5) * scale - 0.5);
            int sx = (int) Math.floor(fx);
            fx -= sx;
            if (sx < 0) {
                fx = 0;
                sx = 0;
            }
            if (sx + 1 >= in) {
                t[3 * dx] = Math.max(in - 2, 0) * cn;
                t[3 * dx + 1] = 0;
                t[3 * dx + 2] = COEF_SCALE;
            } else {
                t[3 * dx] = sx * cn;
                t[3 * dx + 1] = toShort((1f - fx) * COEF_SCALE);
                t[3 * dx + 2] = toShort(fx * COEF_SCALE);
            }
        }
        return a;
    }

    /** Row table: row indices clamped to the image, weights from the unclamped coordinate, as OpenCV does. */
    private static Axis yAxis(int in, int out) {
        double scale = 1.0 / ((double) out / in);
        Axis a = new Axis(out, false);
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

    /**
     * The two horizontally resized source rows a vertical pass reads, cached per thread: consecutive output rows
     * usually share one, so each source row is resized once. {@link #start} forgets the rows of the previous call.
     */
    private static final class RowPair {
        int[] a = new int[0];
        int[] b = new int[0];
        /** The vertical pass's row of sums. */
        int[] out = new int[0];
        private int rowA;
        private int rowB;

        RowPair start(int length) {
            if (a.length < length) {
                a = new int[length];
                b = new int[length];
                out = new int[length];
            }
            rowA = Integer.MIN_VALUE;
            rowB = Integer.MIN_VALUE;
            return this;
        }

        /** The buffer holding source row {@code s}, or null when neither does. */
        int[] cached(int s) {
            return rowA == s ? a : rowB == s ? b : null;
        }

        /** A buffer for source row {@code s}, not the one holding row {@code keep}; the caller fills it. */
        int[] claim(int s, int keep) {
            if (rowA == keep) {
                rowB = s;
                return b;
            }
            rowA = s;
            return a;
        }
    }

    /**
     * Per-output-index source offsets and fixed-point weights for one axis: {@code tab} for columns, the four
     * arrays for rows. Immutable once built and published through the cache.
     */
    static final class Axis {
        // The table's key, set before the table is published (through the map's happens-before edge).
        int in;
        int out;
        int cn;
        boolean horizontal;
        final int[] tab;
        final int[] i0;
        final int[] i1;
        final int[] w0;
        final int[] w1;

        Axis(int n, boolean columns) {
            tab = columns ? new int[3 * n] : null;
            i0 = columns ? null : new int[n];
            i1 = columns ? null : new int[n];
            w0 = columns ? null : new int[n];
            w1 = columns ? null : new int[n];
        }
    }

    private record AxisKey(int in, int out, int cn, boolean horizontal) {
    }
}
