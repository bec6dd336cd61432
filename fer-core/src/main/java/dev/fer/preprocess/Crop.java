package dev.fer.preprocess;

import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.internal.ImageAccess;
import java.util.Arrays;
import java.util.Objects;

/**
 * Integer-rectangle crops whose rectangle may extend beyond the image; the outside part is filled with a constant
 * value (0 unless given), like OpenCV's {@code copyMakeBorder(..., BORDER_CONSTANT)} followed by a ROI. Stateless
 * and thread-safe.
 */
public final class Crop {
    private Crop() {
    }

    /**
     * Crops a rectangle, filling the part outside the image with 0.
     *
     * @param image the source
     * @param rect the rectangle, in image pixels; may extend outside
     * @return a new {@code rect.width() × rect.height()} image of the same format
     */
    public static FerImage crop(FerImage image, IntRect rect) {
        return crop(image, rect, 0);
    }

    /**
     * Crops a rectangle, filling the part outside the image with {@code borderValue} in every channel.
     *
     * @param image the source
     * @param rect the rectangle, in image pixels; may extend outside
     * @param borderValue fill value, 0 to 255
     * @return a new {@code rect.width() × rect.height()} image of the same format
     * @throws IllegalArgumentException when the border value is outside 0–255 or the crop is too large
     */
    public static FerImage crop(FerImage image, IntRect rect, int borderValue) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(rect, "rect");
        Checks.byteValue("border value", borderValue);
        int cn = image.channels();
        long n = (long) rect.width() * rect.height() * cn;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The crop " + Checks.describe(rect) + " with " + cn
                    + " channels is too large for one Java array.");
        }
        byte[] out = new byte[(int) n];
        copy(ImageAccess.pixelsOf(image), image.width(), image.height(), cn, rect, borderValue, out);
        return ImageAccess.wrap(out, rect.width(), rect.height(), image.format());
    }

    /**
     * Crops a rectangle into a caller-provided array.
     *
     * @param src source pixels, {@code srcWidth * srcHeight * channels} bytes
     * @param srcWidth source width, at least 1
     * @param srcHeight source height, at least 1
     * @param channels interleaved channels per pixel, 1 to 4
     * @param rect the rectangle, in source pixels; may extend outside
     * @param borderValue fill value for the outside part, 0 to 255
     * @param dst destination, exactly {@code rect.width() * rect.height() * channels} bytes; every byte is written
     * @throws IllegalArgumentException when a size does not match or the border value is outside 0–255
     */
    public static void crop(byte[] src, int srcWidth, int srcHeight, int channels, IntRect rect, int borderValue,
                            byte[] dst) {
        Checks.image("source", src, srcWidth, srcHeight, channels);
        Objects.requireNonNull(rect, "rect");
        Checks.image("destination", dst, rect.width(), rect.height(), channels);
        Checks.byteValue("border value", borderValue);
        copy(src, srcWidth, srcHeight, channels, rect, borderValue, dst);
    }

    /**
     * The mini-XCEPTION square crop around a face box: side {@code max(w, h)} centred on the box centre, with
     * corners {@code sx = floor(cx − side/2 + 0.5)}, {@code sy = floor(cy − side/2 + 0.5)} and size
     * {@code S = floor(side + 0.5)} (at least 1), computed in double precision from the box's float corners.
     *
     * @param box the face box in original-image pixels
     * @return the square {@code [sx, sy, sx + S, sy + S)}; it may extend beyond the image
     */
    public static IntRect squareAround(BoundingBox box) {
        Objects.requireNonNull(box, "box");
        double x1 = box.x1();
        double y1 = box.y1();
        double x2 = box.x2();
        double y2 = box.y2();
        double side = Math.max(x2 - x1, y2 - y1);
        double cx = (x1 + x2) / 2.0;
        double cy = (y1 + y2) / 2.0;
        int sx = (int) Math.floor(cx - side / 2.0 + 0.5);
        int sy = (int) Math.floor(cy - side / 2.0 + 0.5);
        int s = Math.max(1, (int) Math.floor(side + 0.5));
        return new IntRect(sx, sy, s, s);
    }

    static void copy(byte[] src, int sw, int sh, int cn, IntRect rect, int border, byte[] dst) {
        int w = rect.width();
        int h = rect.height();
        int ix0 = Math.max(rect.x(), 0);
        int ix1 = Math.min(rect.right(), sw);
        int rowBytes = w * cn;
        byte fill = (byte) border;
        for (int r = 0; r < h; r++) {
            int sy = rect.y() + r;
            int d = r * rowBytes;
            if (sy < 0 || sy >= sh || ix0 >= ix1) {
                Arrays.fill(dst, d, d + rowBytes, fill);
                continue;
            }
            int left = (ix0 - rect.x()) * cn;
            int inside = (ix1 - ix0) * cn;
            if (left > 0) {
                Arrays.fill(dst, d, d + left, fill);
            }
            System.arraycopy(src, (sy * sw + ix0) * cn, dst, d + left, inside);
            if (left + inside < rowBytes) {
                Arrays.fill(dst, d + left + inside, d + rowBytes, fill);
            }
        }
    }
}
