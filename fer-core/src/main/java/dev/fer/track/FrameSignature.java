package dev.fer.track;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.internal.ImageAccess;
import java.util.Objects;

/**
 * A small colour histogram of a frame and its size, used by {@link FaceTracker} to notice scene cuts and size
 * changes. Pan, zoom and moving faces change the histogram little; a cut to another scene changes it a lot.
 *
 * <p>Immutable and thread-safe. Computing one reads about one pixel in 16 (every 4th pixel of every 4th row).
 */
public final class FrameSignature {
    private static final int BINS = 16;
    private final int width;
    private final int height;
    private final float[] histogram;

    private FrameSignature(int width, int height, float[] histogram) {
        this.width = width;
        this.height = height;
        this.histogram = histogram;
    }

    /**
     * The signature of a frame.
     *
     * @param image the frame
     * @return its signature
     */
    public static FrameSignature of(FerImage image) {
        Objects.requireNonNull(image, "image");
        byte[] px = ImageAccess.pixelsOf(image);
        int c = image.channels();
        int w = image.width();
        int h = image.height();
        int planes = image.format() == PixelFormat.GRAY ? 1 : 3;
        float[] hist = new float[planes * BINS];
        int n = 0;
        for (int y = 1; y < h; y += 4) {
            int row = y * w * c;
            for (int x = 1; x < w; x += 4) {
                int o = row + x * c;
                for (int k = 0; k < planes; k++) {
                    hist[k * BINS + ((px[o + k] & 0xFF) >> 4)]++;
                }
                n++;
            }
        }
        if (n == 0) {
            int o = 0;
            for (int k = 0; k < planes; k++) {
                hist[k * BINS + ((px[o + k] & 0xFF) >> 4)]++;
            }
            n = 1;
        }
        for (int i = 0; i < hist.length; i++) {
            hist[i] /= n;
        }
        return new FrameSignature(w, h, hist);
    }

    /**
     * A signature that knows the frame size only; its distance to any signature of the same size is 0.
     *
     * @param width frame width
     * @param height frame height
     * @return the signature
     */
    public static FrameSignature ofSize(int width, int height) {
        return new FrameSignature(width, height, null);
    }

    /**
     * Frame width.
     *
     * @return pixels
     */
    public int width() {
        return width;
    }

    /**
     * Frame height.
     *
     * @return pixels
     */
    public int height() {
        return height;
    }

    /**
     * Whether another frame has the same size.
     *
     * @param other the other signature
     * @return {@code true} when width and height agree
     */
    public boolean sameSize(FrameSignature other) {
        return width == other.width && height == other.height;
    }

    /**
     * Histogram distance: half the L1 distance of the normalised histograms, averaged over the colour planes.
     *
     * @param other the other frame's signature
     * @return 0 (same colours) to 1 (no colour in common); 0 when either has no histogram; 1 when one is grey and
     *     the other colour
     */
    public double distance(FrameSignature other) {
        if (histogram == null || other.histogram == null) {
            return 0;
        }
        if (histogram.length != other.histogram.length) {
            return 1;
        }
        double sum = 0;
        for (int i = 0; i < histogram.length; i++) {
            sum += Math.abs(histogram[i] - other.histogram[i]);
        }
        return sum / 2 / (histogram.length / BINS);
    }
}
