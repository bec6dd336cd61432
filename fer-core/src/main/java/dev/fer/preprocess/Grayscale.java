package dev.fer.preprocess;

import dev.fer.image.PixelFormat;
import java.util.Arrays;
import java.util.Objects;

/**
 * Grey conversion of 8-bit pixels with OpenCV 4's fixed-point {@code COLOR_BGR2GRAY} / {@code COLOR_RGB2GRAY}
 * rule: {@code (9798·R + 19235·G + 3735·B + 16384) >> 15}, i.e. 0.299 R + 0.587 G + 0.114 B with 15-bit
 * coefficients, rounded; bit-exact with {@code cv::cvtColor} on 8-bit images. (The older 14-bit coefficients
 * 4899, 9617, 1868 differ by one grey level on about 0.3% of pixels.) Stateless and thread-safe.
 */
public final class Grayscale {
    // OpenCV's RY15, GY15, BY15 and gray_shift (color.hpp); they sum to 1 << 15.
    private static final int SHIFT = 15;
    private static final int CR = 9798;
    private static final int CG = 19235;
    private static final int CB = 3735;
    private static final int HALF = 1 << (SHIFT - 1);

    private Grayscale() {
    }

    /**
     * The grey value of one pixel.
     *
     * @param r red, 0 to 255
     * @param g green, 0 to 255
     * @param b blue, 0 to 255
     * @return {@code (9798·r + 19235·g + 3735·b + 16384) >> 15}
     */
    public static int gray(int r, int g, int b) {
        return (r * CR + g * CG + b * CB + HALF) >> SHIFT;
    }

    /**
     * Converts a whole image to grey into a caller-provided array. A {@link PixelFormat#GRAY} source is copied.
     *
     * @param src source pixels, {@code width * height * format.channels()} bytes
     * @param width image width, at least 1
     * @param height image height, at least 1
     * @param format channel order of {@code src}
     * @param dst destination, exactly {@code width * height} bytes
     * @throws IllegalArgumentException when a size is not positive or an array length does not match
     */
    public static void convert(byte[] src, int width, int height, PixelFormat format, byte[] dst) {
        region(src, width, height, format, IntRect.ofSize(width, height), 0, dst);
    }

    /**
     * Converts a rectangle of an image to grey into a caller-provided array, in one pass. The rectangle may extend
     * beyond the image; pixels outside are {@code borderValue} (the grey value of a constant colour
     * {@code (v, v, v)} is {@code v}), so this equals a constant-border crop followed by {@code cvtColor}.
     *
     * @param src source pixels, {@code width * height * format.channels()} bytes
     * @param width image width, at least 1
     * @param height image height, at least 1
     * @param format channel order of {@code src}
     * @param rect the rectangle, in image pixels; may extend outside
     * @param borderValue value for pixels outside the image, 0 to 255
     * @param dst destination, exactly {@code rect.width() * rect.height()} bytes
     * @throws IllegalArgumentException when a size does not match or the border value is outside 0–255
     */
    public static void region(byte[] src, int width, int height, PixelFormat format, IntRect rect, int borderValue,
                              byte[] dst) {
        Objects.requireNonNull(format, "format");
        Checks.image("source", src, width, height, format.channels());
        Objects.requireNonNull(rect, "rect");
        Checks.image("destination", dst, rect.width(), rect.height(), 1);
        Checks.byteValue("border value", borderValue);
        if (format == PixelFormat.GRAY) {
            Crop.copy(src, width, height, 1, rect, borderValue, dst);
            return;
        }
        // Channel positions of R and B in the source.
        int ri = format == PixelFormat.RGB ? 0 : 2;
        int bi = 2 - ri;
        int w = rect.width();
        int h = rect.height();
        int ix0 = Math.max(rect.x(), 0);
        int ix1 = Math.min(rect.right(), width);
        byte fill = (byte) borderValue;
        for (int r = 0; r < h; r++) {
            int sy = rect.y() + r;
            int d = r * w;
            if (sy < 0 || sy >= height || ix0 >= ix1) {
                Arrays.fill(dst, d, d + w, fill);
                continue;
            }
            int left = ix0 - rect.x();
            if (left > 0) {
                Arrays.fill(dst, d, d + left, fill);
            }
            int o = d + left;
            for (int s = (sy * width + ix0) * 3, end = (sy * width + ix1) * 3; s < end; s += 3, o++) {
                dst[o] = (byte) (((src[s + ri] & 0xFF) * CR + (src[s + 1] & 0xFF) * CG + (src[s + bi] & 0xFF) * CB
                        + HALF) >> SHIFT);
            }
            if (o < d + w) {
                Arrays.fill(dst, o, d + w, fill);
            }
        }
    }
}
