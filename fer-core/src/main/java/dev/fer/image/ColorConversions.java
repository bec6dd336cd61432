package dev.fer.image;

/** Package-private channel conversions shared by {@link FerImage} and the preprocessing code. */
final class ColorConversions {
    private ColorConversions() {
    }

    // OpenCV 4's fixed-point 8-bit BGR2GRAY: gray_shift = 15, coefficients RY15 9798, GY15 19235, BY15 3735
    // (the older 14-bit 4899/9617/1868 differ from cvtColor by one level on ~0.3% of pixels).
    private static final int SHIFT = 15;
    private static final int CR = 9798;
    private static final int CG = 19235;
    private static final int CB = 3735;
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
