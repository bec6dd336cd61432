package dev.fer.image;

import java.awt.image.Raster;

/**
 * Converts the raw four-component samples of a CMYK or YCCK JPEG to BGR exactly as OpenCV does: YCCK is first turned
 * into CMYK with libjpeg's fixed-point tables ({@code jdcolor.c}), then OpenCV's {@code icvCvt_CMYK2BGR_8u_C4C3R}
 * maps each ink to {@code k - ((255 - ink) * k >> 8)}. Stateless; thread-safe.
 */
final class JpegCmyk {
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegCmyk() {
    }

    private static int fix(double v) {
        return (int) (v * (1 << SCALEBITS) + 0.5);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /**
     * BGR pixels from a four-band raster as libjpeg stores it.
     *
     * @param raster the raw samples from {@code ImageReader.readRaster}
     * @param ycck whether the samples are YCCK (Adobe transform 2) rather than CMYK
     * @return interleaved BGR bytes
     */
    static byte[] toBgr(Raster raster, boolean ycck) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] row = new int[w * 4];
        byte[] out = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0, s = 0; x < w; x++, s += 4, o += 3) {
                int c = row[s] & 0xFF;
                int m = row[s + 1] & 0xFF;
                int ye = row[s + 2] & 0xFF;
                int k = row[s + 3] & 0xFF;
                if (ycck) {
                    int luma = c;
                    int cb = m;
                    int cr = ye;
                    c = clamp(255 - (luma + CR_R[cr]));
                    m = clamp(255 - (luma + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS)));
                    ye = clamp(255 - (luma + CB_B[cb]));
                }
                out[o] = (byte) (k - ((255 - ye) * k >> 8));
                out[o + 1] = (byte) (k - ((255 - m) * k >> 8));
                out[o + 2] = (byte) (k - ((255 - c) * k >> 8));
            }
        }
        return out;
    }
}
