package dev.fer.image;

/** Package-private channel conversions shared by {@link FerImage} and the preprocessing code. */
final class ColorConversions {
    private ColorConversions() {
    }

    // OpenCV's fixed-point BGR2GRAY: yuv_shift = 14, coefficients R 4899, G 9617, B 1868.
    private static final int SHIFT = 14;
    private static final int CR = 4899;
    private static final int CG = 9617;
    private static final int CB = 1868;
    private static final int HALF = 1 << (SHIFT - 1);

    static int gray(int r, int g, int b) {
        return (r * CR + g * CG + b * CB + HALF) >> SHIFT;
    }

    static void convert(byte[] src, PixelFormat from, byte[] dst, PixelFormat to, int pixels) {
        if (from == PixelFormat.GRAY) {
            for (int i = 0, o = 0; i < pixels; i++, o += 3) {
                byte v = src[i];
                dst[o] = v;
                dst[o + 1] = v;
                dst[o + 2] = v;
            }
            return;
        }
        boolean rgb = from == PixelFormat.RGB;
        if (to == PixelFormat.GRAY) {
            for (int i = 0, s = 0; i < pixels; i++, s += 3) {
                int c0 = src[s] & 0xFF;
                int c1 = src[s + 1] & 0xFF;
                int c2 = src[s + 2] & 0xFF;
                dst[i] = (byte) (rgb ? gray(c0, c1, c2) : gray(c2, c1, c0));
            }
            return;
        }
        // RGB <-> BGR: swap channels 0 and 2.
        for (int s = 0, end = pixels * 3; s < end; s += 3) {
            dst[s] = src[s + 2];
            dst[s + 1] = src[s + 1];
            dst[s + 2] = src[s];
        }
    }
}
