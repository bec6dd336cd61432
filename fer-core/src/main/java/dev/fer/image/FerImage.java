package dev.fer.image;

import dev.fer.internal.ImageAccess;
import java.util.Objects;

/**
 * An immutable 8-bit image: width, height, a {@link PixelFormat} and interleaved row-major pixels.
 *
 * <p>Instances are immutable and therefore safe to share across threads. Every public factory copies the
 * caller's pixels, so later changes to the caller's array never show through. Pixel (0,0) is the top-left
 * corner; pixel centres lie at integer coordinates, as in OpenCV.
 *
 * <p>Create instances with {@link #of(byte[], int, int, PixelFormat)} or through {@link Images} (files, byte
 * arrays, {@code BufferedImage}).
 */
public final class FerImage {
    static {
        ImageAccess.install(new ImageAccess() {
            @Override
            protected byte[] pixels(FerImage image) {
                return image.data;
            }

            @Override
            protected FerImage create(byte[] pixels, int width, int height, PixelFormat format) {
                return new FerImage(pixels, width, height, format);
            }
        });
    }

    private final byte[] data;
    private final int width;
    private final int height;
    private final PixelFormat format;

    private FerImage(byte[] data, int width, int height, PixelFormat format) {
        this.data = data;
        this.width = width;
        this.height = height;
        this.format = format;
    }

    /**
     * Creates an image from interleaved row-major pixels, copying them.
     *
     * @param pixels {@code width * height * format.channels()} bytes
     * @param width width in pixels, at least 1
     * @param height height in pixels, at least 1
     * @param format channel layout of {@code pixels}
     * @return a new image
     * @throws IllegalArgumentException when the sizes are not positive or the array length does not match
     */
    public static FerImage of(byte[] pixels, int width, int height, PixelFormat format) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(format, "format");
        checkSize(width, height, format);
        long expected = (long) width * height * format.channels();
        if (pixels.length != expected) {
            throw new IllegalArgumentException("Pixel array has " + pixels.length + " bytes but a " + width + "x"
                    + height + " " + format + " image needs " + expected + ".");
        }
        return new FerImage(pixels.clone(), width, height, format);
    }

    static void checkSize(int width, int height, PixelFormat format) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Image size must be at least 1x1, got " + width + "x" + height + ".");
        }
        if ((long) width * height * format.channels() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Image " + width + "x" + height + " " + format
                    + " is too large for one Java array (more than 2^31 bytes).");
        }
    }

    /**
     * Width in pixels.
     *
     * @return the width, at least 1
     */
    public int width() {
        return width;
    }

    /**
     * Height in pixels.
     *
     * @return the height, at least 1
     */
    public int height() {
        return height;
    }

    /**
     * Channel layout of the pixels.
     *
     * @return the pixel format
     */
    public PixelFormat format() {
        return format;
    }

    /**
     * Bytes per pixel.
     *
     * @return {@code format().channels()}
     */
    public int channels() {
        return format.channels();
    }

    /**
     * One channel value of one pixel.
     *
     * @param x column, 0 ≤ x &lt; width
     * @param y row, 0 ≤ y &lt; height
     * @param channel channel index in this image's {@link #format()} order
     * @return the value 0–255
     * @throws IndexOutOfBoundsException when a coordinate is outside the image
     */
    public int get(int x, int y, int channel) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        Objects.checkIndex(channel, format.channels());
        return data[(y * width + x) * format.channels() + channel] & 0xFF;
    }

    /**
     * A copy of the interleaved row-major pixels.
     *
     * @return a new array of {@code width * height * channels} bytes
     */
    public byte[] toByteArray() {
        return data.clone();
    }

    /**
     * This image in another pixel format. Grey conversion uses OpenCV's weights (0.299 R + 0.587 G + 0.114 B,
     * fixed point, rounded), so it matches {@code cvtColor(..., COLOR_BGR2GRAY)} exactly.
     *
     * @param target the format wanted
     * @return this image when it already has that format, otherwise a converted copy
     */
    public FerImage convert(PixelFormat target) {
        Objects.requireNonNull(target, "target");
        if (target == format) {
            return this;
        }
        int n = width * height;
        byte[] out = new byte[n * target.channels()];
        ColorConversions.convert(data, format, out, target, n);
        return new FerImage(out, width, height, target);
    }

    @Override
    public String toString() {
        return "FerImage[" + width + "x" + height + " " + format + "]";
    }
}
