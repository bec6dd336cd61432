package dev.fer.internal;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;

/**
 * Zero-copy access to {@link FerImage} pixels for fer-java's own modules. Not API: this package is exported only
 * to fer-java modules, and callers must never modify the arrays they get.
 */
public abstract class ImageAccess {
    private static volatile ImageAccess instance;

    /** For subclasses in fer-core only. */
    protected ImageAccess() {
    }

    /**
     * Called once by {@link FerImage}'s static initialiser.
     *
     * @param access the implementation
     */
    public static void install(ImageAccess access) {
        if (instance != null) {
            throw new IllegalStateException("ImageAccess already installed");
        }
        instance = access;
    }

    private static ImageAccess get() {
        ImageAccess a = instance;
        if (a == null) {
            try {
                Class.forName(FerImage.class.getName(), true, FerImage.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = instance;
        }
        return a;
    }

    /**
     * The image's own pixel array, not a copy. Read only.
     *
     * @param image an image
     * @return its interleaved row-major pixels
     */
    public static byte[] pixelsOf(FerImage image) {
        return get().pixels(image);
    }

    /**
     * Wraps an array the caller promises never to modify again.
     *
     * @param pixels interleaved row-major pixels, length {@code width * height * format.channels()}
     * @param width width
     * @param height height
     * @param format format
     * @return an image sharing {@code pixels}
     */
    public static FerImage wrap(byte[] pixels, int width, int height, PixelFormat format) {
        if (width < 1 || height < 1 || pixels.length != (long) width * height * format.channels()) {
            throw new IllegalArgumentException("Bad image geometry " + width + "x" + height + " " + format
                    + " for " + pixels.length + " bytes");
        }
        return get().create(pixels, width, height, format);
    }

    /**
     * Implementation hook.
     *
     * @param image an image
     * @return its array
     */
    protected abstract byte[] pixels(FerImage image);

    /**
     * Implementation hook.
     *
     * @param pixels pixels
     * @param width width
     * @param height height
     * @param format format
     * @return the image
     */
    protected abstract FerImage create(byte[] pixels, int width, int height, PixelFormat format);
}
