package dev.fer.preprocess;

import dev.fer.image.FerImage;
import dev.fer.internal.ImageAccess;
import java.util.Arrays;
import java.util.Objects;

/**
 * Applies a {@link LetterboxGeometry}: resizes the image into the placed rectangle with {@link Resize} (OpenCV
 * {@code INTER_LINEAR}, bit-exact) and fills the rest of the model input with a constant pad value. Channel order is
 * kept; reorder channels when writing the tensor ({@link TensorWriter}). Stateless and thread-safe.
 */
public final class Letterbox {
    private Letterbox() {
    }

    /**
     * Letterboxes into a caller-provided array of the geometry's target size. Only the pad area is filled; the
     * placed rectangle is written by the resize (or copied when the geometry does not resize).
     *
     * @param src source pixels, {@code srcWidth * srcHeight * channels} bytes
     * @param srcWidth source width; must equal {@code geometry.srcWidth()}
     * @param srcHeight source height; must equal {@code geometry.srcHeight()}
     * @param channels interleaved channels per pixel, 1 to 4
     * @param geometry where the resized image goes
     * @param padValue value of every padded byte, 0 to 255 (for example 0, or 114 for YOLO)
     * @param dst destination, exactly {@code targetWidth * targetHeight * channels} bytes; every byte is written
     * @throws IllegalArgumentException when the source size differs from the geometry's, an array length does not
     *     match, or the pad value is outside 0–255
     */
    public static void apply(byte[] src, int srcWidth, int srcHeight, int channels, LetterboxGeometry geometry,
                             int padValue, byte[] dst) {
        Objects.requireNonNull(geometry, "geometry");
        Checks.image("source", src, srcWidth, srcHeight, channels);
        if (srcWidth != geometry.srcWidth() || srcHeight != geometry.srcHeight()) {
            throw new IllegalArgumentException("The source is " + srcWidth + "x" + srcHeight
                    + " but the letterbox geometry was computed for " + geometry.srcWidth() + "x"
                    + geometry.srcHeight() + ".");
        }
        Checks.image("destination", dst, geometry.targetWidth(), geometry.targetHeight(), channels);
        Checks.byteValue("pad value", padValue);
        run(src, srcWidth, srcHeight, channels, geometry, padValue, dst);
    }

    /**
     * Letterboxes an image into a new one of the geometry's target size and the same pixel format.
     *
     * @param image the source; its size must equal the geometry's source size
     * @param geometry where the resized image goes
     * @param padValue value of every padded byte, 0 to 255
     * @return the letterboxed image
     * @throws IllegalArgumentException when the image size differs from the geometry's or the pad value is outside
     *     0–255
     */
    public static FerImage apply(FerImage image, LetterboxGeometry geometry, int padValue) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(geometry, "geometry");
        int cn = image.channels();
        long n = (long) geometry.targetWidth() * geometry.targetHeight() * cn;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The letterbox target " + geometry.targetWidth() + "x"
                    + geometry.targetHeight() + " is too large for one Java array.");
        }
        byte[] out = new byte[(int) n];
        apply(ImageAccess.pixelsOf(image), image.width(), image.height(), cn, geometry, padValue, out);
        return ImageAccess.wrap(out, geometry.targetWidth(), geometry.targetHeight(), image.format());
    }

    private static void run(byte[] src, int sw, int sh, int cn, LetterboxGeometry g, int pad, byte[] dst) {
        int tw = g.targetWidth();
        int th = g.targetHeight();
        int left = g.padLeft();
        int top = g.padTop();
        int rw = g.resizedWidth();
        int rh = g.resizedHeight();
        byte fill = (byte) pad;
        int row = tw * cn;
        Arrays.fill(dst, 0, top * row, fill);
        Arrays.fill(dst, (top + rh) * row, th * row, fill);
        if (rw < tw) {
            for (int y = top; y < top + rh; y++) {
                int d = y * row;
                Arrays.fill(dst, d, d + left * cn, fill);
                Arrays.fill(dst, d + (left + rw) * cn, d + row, fill);
            }
        }
        Resize.resize(src, sw, cn, 0, 0, sw, sh, dst, tw, left, top, rw, rh);
    }
}
