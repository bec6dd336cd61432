package dev.fer.image;

import dev.fer.internal.ImageAccess;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Converts any {@link BufferedImage} to 8-bit BGR or grey pixels the way OpenCV decodes files: samples are taken as
 * stored (no colour management), alpha is ignored (premultiplied colours are divided by alpha first), 16-bit samples
 * keep their high byte ({@code v >> 8}), samples narrower than 8 bits are shifted left ({@code v << (8 - bits)}),
 * palettes are looked up ignoring their alpha. Rasters are read directly, honouring offsets and strides, so
 * sub-images work. Colour models this class does not know are converted through {@link BufferedImage#getRGB}.
 * Stateless; thread-safe as long as the image is not modified during the call.
 */
final class BufferedImageConverter {
    private BufferedImageConverter() {
    }

    /**
     * Converts an image.
     *
     * @param image the source
     * @param keepGray return {@link PixelFormat#GRAY} when the source is grey; otherwise always BGR
     * @param owned whether the caller hands over the image, so its pixel array may be reused without copying
     * @return BGR pixels, or GRAY pixels when {@code keepGray} and the source is grey
     */
    static FerImage convert(BufferedImage image, boolean keepGray, boolean owned) {
        int w = image.getWidth();
        int h = image.getHeight();
        FerImage.checkSize(w, h, PixelFormat.BGR);
        ColorModel cm = image.getColorModel();
        WritableRaster raster = image.getRaster();
        SampleModel sm = raster.getSampleModel();
        int csType = cm.getColorSpace().getType();
        if (cm instanceof IndexColorModel icm) {
            boolean grayPalette = isGrayPalette(icm);
            return finish(indexed(raster, icm, w, h, grayPalette), w, h, grayPalette, keepGray);
        }
        if (cm instanceof DirectColorModel dcm && sm instanceof SinglePixelPackedSampleModel sppsm
                && csType == ColorSpace.TYPE_RGB && isPackedSupported(raster.getDataBuffer())) {
            return ImageAccess.wrap(packed(raster, dcm, sppsm, w, h), w, h, PixelFormat.BGR);
        }
        if (cm instanceof ComponentColorModel ccm && sm instanceof ComponentSampleModel csm && isRgbOrGray(ccm)) {
            boolean isGray = csType == ColorSpace.TYPE_GRAY;
            if (raster.getDataBuffer() instanceof DataBufferByte dbb && allComponentBits(ccm, 8)) {
                byte[] shared = owned && !ccm.hasAlpha() ? shareable(dbb, csm, raster, w, h, isGray) : null;
                byte[] out = shared != null ? shared : byteComponents(raster, ccm, csm, dbb, w, h, isGray);
                return finish(out, w, h, isGray, keepGray);
            }
            int dt = raster.getDataBuffer().getDataType();
            if (!ccm.isAlphaPremultiplied()
                    && (dt == DataBuffer.TYPE_BYTE || dt == DataBuffer.TYPE_USHORT || dt == DataBuffer.TYPE_INT)) {
                return finish(integralComponents(raster, ccm, w, h, isGray), w, h, isGray, keepGray);
            }
        }
        // Anything else (other colour spaces, float samples, premultiplied 16-bit): let java.awt convert to sRGB.
        return ImageAccess.wrap(viaGetRgb(image, w, h), w, h, PixelFormat.BGR);
    }

    private static FerImage finish(byte[] pixels, int w, int h, boolean isGray, boolean keepGray) {
        if (!isGray) {
            return ImageAccess.wrap(pixels, w, h, PixelFormat.BGR);
        }
        if (keepGray) {
            return ImageAccess.wrap(pixels, w, h, PixelFormat.GRAY);
        }
        byte[] out = new byte[w * h * 3];
        ColorConversions.convert(pixels, PixelFormat.GRAY, out, PixelFormat.BGR, w * h);
        return ImageAccess.wrap(out, w, h, PixelFormat.BGR);
    }

    private static boolean isRgbOrGray(ComponentColorModel ccm) {
        int type = ccm.getColorSpace().getType();
        return (type == ColorSpace.TYPE_RGB && ccm.getNumColorComponents() == 3)
                || (type == ColorSpace.TYPE_GRAY && ccm.getNumColorComponents() == 1);
    }

    private static boolean allComponentBits(ColorModel cm, int bits) {
        for (int i = 0; i < cm.getNumComponents(); i++) {
            if (cm.getComponentSize(i) != bits) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPackedSupported(DataBuffer db) {
        return db instanceof DataBufferInt || db instanceof DataBufferUShort || db instanceof DataBufferByte;
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        int n = icm.getMapSize();
        for (int i = 0; i < n; i++) {
            int rgb = icm.getRGB(i);
            int r = (rgb >> 16) & 0xFF;
            if (r != ((rgb >> 8) & 0xFF) || r != (rgb & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Converts an n-bit unsigned sample to 8 bits as OpenCV's decoders do: keep the high byte, or shift left. */
    static int to8(int v, int bits) {
        if (bits == 8) {
            return v & 0xFF;
        }
        return bits > 8 ? (v >>> (bits - 8)) & 0xFF : (v << (8 - bits)) & 0xFF;
    }

    /** Divides a premultiplied 8-bit colour by its alpha: round(c * 255 / a), exact integer arithmetic. */
    static int unpremultiply(int c, int a) {
        if (a == 255) {
            return c;
        }
        if (a == 0) {
            return 0;
        }
        return Math.min(255, (c * 510 + a) / (2 * a));
    }

    /**
     * The raster's own array when it is tightly packed BGR (or grey) starting at index 0, or tightly packed RGB, which
     * is then swapped to BGR in place; else null.
     */
    private static byte[] shareable(DataBufferByte dbb, ComponentSampleModel csm, WritableRaster raster, int w, int h,
            boolean isGray) {
        int ch = isGray ? 1 : 3;
        if (dbb.getNumBanks() != 1 || dbb.getOffset() != 0 || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0 || csm.getPixelStride() != ch
                || csm.getScanlineStride() != w * ch || dbb.getData().length != w * h * ch) {
            return null;
        }
        int[] off = csm.getBandOffsets();
        byte[] data = dbb.getData();
        if (isGray ? off[0] == 0 : off[0] == 2 && off[1] == 1 && off[2] == 0) {
            return data;
        }
        if (!isGray && off[0] == 0 && off[1] == 1 && off[2] == 2) {
            swapRedBlue(data);
            return data;
        }
        return null;
    }

    /**
     * R, G, B triples → B, G, R in place (a trailing partial triple is left as it is). Eight pixels at a time as
     * three little-endian longs: the 24-byte block shifted right by two bytes supplies the first byte of each
     * triple, shifted left by two bytes its last, and the middle byte stays.
     */
    static void swapRedBlue(byte[] px) {
        int n = px.length - px.length % 3;
        int i = 0;
        for (; i + 24 <= n; i += 24) {
            long l0 = (long) LONG_LE.get(px, i);
            long l1 = (long) LONG_LE.get(px, i + 8);
            long l2 = (long) LONG_LE.get(px, i + 16);
            LONG_LE.set(px, i, (l0 & MID[0]) | (((l0 >>> 16) | (l1 << 48)) & FIRST[0]) | ((l0 << 16) & LAST[0]));
            LONG_LE.set(px, i + 8, (l1 & MID[1]) | (((l1 >>> 16) | (l2 << 48)) & FIRST[1])
                    | (((l1 << 16) | (l0 >>> 48)) & LAST[1]));
            LONG_LE.set(px, i + 16, (l2 & MID[2]) | ((l2 >>> 16) & FIRST[2])
                    | (((l2 << 16) | (l1 >>> 48)) & LAST[2]));
        }
        for (; i < n; i += 3) {
            byte r = px[i];
            px[i] = px[i + 2];
            px[i + 2] = r;
        }
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** Byte masks of the three longs of a 24-byte block: first, middle and last bytes of the triples. */
    private static final long[] FIRST = tripleMasks(0);
    private static final long[] MID = tripleMasks(1);
    private static final long[] LAST = tripleMasks(2);

    private static long[] tripleMasks(int position) {
        long[] m = new long[3];
        for (int b = 0; b < 24; b++) {
            if (b % 3 == position) {
                m[b / 8] |= 0xFFL << (8 * (b % 8));
            }
        }
        return m;
    }

    private static byte[] byteComponents(WritableRaster raster, ComponentColorModel ccm, ComponentSampleModel csm,
            DataBufferByte dbb, int w, int h, boolean isGray) {
        int colours = isGray ? 1 : 3;
        int bands = ccm.getNumComponents();
        byte[][] banks = dbb.getBankData();
        int[] bankIdx = csm.getBankIndices();
        int[] bandOff = csm.getBandOffsets();
        int[] dbOff = dbb.getOffsets();
        int ps = csm.getPixelStride();
        int stride = csm.getScanlineStride();
        int tx = raster.getSampleModelTranslateX();
        int ty = raster.getSampleModelTranslateY();
        byte[][] src = new byte[bands][];
        int[] base = new int[bands];
        for (int b = 0; b < bands; b++) {
            src[b] = banks[bankIdx[b]];
            base[b] = dbOff[bankIdx[b]] + bandOff[b] - ty * stride - tx * ps;
        }
        boolean premultiplied = ccm.hasAlpha() && ccm.isAlphaPremultiplied();
        int alphaBand = ccm.hasAlpha() ? colours : -1;
        byte[] out = new byte[w * h * colours];
        int o = 0;
        if (isGray) {
            byte[] g = src[0];
            for (int y = 0; y < h; y++) {
                int p = base[0] + y * stride;
                int pa = premultiplied ? base[alphaBand] + y * stride : 0;
                for (int x = 0; x < w; x++, p += ps, pa += ps) {
                    out[o++] = premultiplied ? (byte) unpremultiply(g[p] & 0xFF, src[alphaBand][pa] & 0xFF) : g[p];
                }
            }
            return out;
        }
        byte[] r = src[0];
        byte[] g = src[1];
        byte[] b = src[2];
        boolean contiguousBgr = r == g && g == b && ps == 3 && base[0] == base[2] + 2 && base[1] == base[2] + 1;
        for (int y = 0; y < h; y++) {
            int row = y * stride;
            if (contiguousBgr && !premultiplied) {
                System.arraycopy(b, base[2] + row, out, o, w * 3);
                o += w * 3;
                continue;
            }
            int pr = base[0] + row;
            int pg = base[1] + row;
            int pb = base[2] + row;
            if (premultiplied) {
                byte[] al = src[alphaBand];
                int pa = base[alphaBand] + row;
                for (int x = 0; x < w; x++, pr += ps, pg += ps, pb += ps, pa += ps, o += 3) {
                    int a = al[pa] & 0xFF;
                    out[o] = (byte) unpremultiply(b[pb] & 0xFF, a);
                    out[o + 1] = (byte) unpremultiply(g[pg] & 0xFF, a);
                    out[o + 2] = (byte) unpremultiply(r[pr] & 0xFF, a);
                }
            } else {
                for (int x = 0; x < w; x++, pr += ps, pg += ps, pb += ps, o += 3) {
                    out[o] = b[pb];
                    out[o + 1] = g[pg];
                    out[o + 2] = r[pr];
                }
            }
        }
        return out;
    }

    private static byte[] integralComponents(WritableRaster raster, ComponentColorModel ccm, int w, int h,
            boolean isGray) {
        int colours = isGray ? 1 : 3;
        byte[] out = new byte[w * h * colours];
        int[] row = new int[w];
        for (int c = 0; c < colours; c++) {
            int bits = ccm.getComponentSize(c);
            // BGR output: colour-model band 0 (red) goes to output channel 2.
            int dst = isGray ? 0 : 2 - c;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, c, row);
                for (int x = 0, o = y * w * colours + dst; x < w; x++, o += colours) {
                    out[o] = (byte) to8(row[x], bits);
                }
            }
        }
        return out;
    }

    private static byte[] packed(WritableRaster raster, DirectColorModel dcm, SinglePixelPackedSampleModel sm,
            int w, int h) {
        DataBuffer db = raster.getDataBuffer();
        int stride = sm.getScanlineStride();
        int base = db.getOffset() - raster.getSampleModelTranslateY() * stride - raster.getSampleModelTranslateX();
        int rMask = dcm.getRedMask();
        int gMask = dcm.getGreenMask();
        int bMask = dcm.getBlueMask();
        int aMask = dcm.getAlphaMask();
        int rShift = Integer.numberOfTrailingZeros(rMask);
        int gShift = Integer.numberOfTrailingZeros(gMask);
        int bShift = Integer.numberOfTrailingZeros(bMask);
        int aShift = Integer.numberOfTrailingZeros(aMask);
        int rBits = Integer.bitCount(rMask);
        int gBits = Integer.bitCount(gMask);
        int bBits = Integer.bitCount(bMask);
        int aBits = Integer.bitCount(aMask);
        boolean premultiplied = dcm.hasAlpha() && dcm.isAlphaPremultiplied();
        int[] ints = db instanceof DataBufferInt dbi ? dbi.getData() : null;
        short[] shorts = db instanceof DataBufferUShort dbs ? dbs.getData() : null;
        byte[] bytes = db instanceof DataBufferByte dbb ? dbb.getData() : null;
        byte[] out = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * stride;
            for (int x = 0; x < w; x++, p++, o += 3) {
                int px = ints != null ? ints[p] : shorts != null ? shorts[p] & 0xFFFF : bytes[p] & 0xFF;
                int r = to8((px & rMask) >>> rShift, rBits);
                int g = to8((px & gMask) >>> gShift, gBits);
                int b = to8((px & bMask) >>> bShift, bBits);
                if (premultiplied) {
                    int a = to8((px & aMask) >>> aShift, aBits);
                    r = unpremultiply(r, a);
                    g = unpremultiply(g, a);
                    b = unpremultiply(b, a);
                }
                out[o] = (byte) b;
                out[o + 1] = (byte) g;
                out[o + 2] = (byte) r;
            }
        }
        return out;
    }

    private static byte[] indexed(WritableRaster raster, IndexColorModel icm, int w, int h, boolean grayOut) {
        int size = icm.getMapSize();
        int lutSize = Math.max(size, 1 << Math.min(16, raster.getSampleModel().getSampleSize(0)));
        byte[] reds = new byte[lutSize];
        byte[] greens = new byte[lutSize];
        byte[] blues = new byte[lutSize];
        byte[] tmp = new byte[size];
        icm.getReds(tmp);
        System.arraycopy(tmp, 0, reds, 0, size);
        icm.getGreens(tmp);
        System.arraycopy(tmp, 0, greens, 0, size);
        icm.getBlues(tmp);
        System.arraycopy(tmp, 0, blues, 0, size);
        int ch = grayOut ? 1 : 3;
        byte[] out = new byte[w * h * ch];
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int i = row[x];
                if (i < 0 || i >= lutSize) {
                    i = 0; // unreachable: indices have at most 16 bits and the table covers all of them
                }
                if (grayOut) {
                    out[o++] = reds[i];
                } else {
                    out[o] = blues[i];
                    out[o + 1] = greens[i];
                    out[o + 2] = reds[i];
                    o += 3;
                }
            }
        }
        return out;
    }

    private static byte[] viaGetRgb(BufferedImage image, int w, int h) {
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++, o += 3) {
                int argb = row[x];
                out[o] = (byte) argb;
                out[o + 1] = (byte) (argb >> 8);
                out[o + 2] = (byte) (argb >> 16);
            }
        }
        return out;
    }
}
