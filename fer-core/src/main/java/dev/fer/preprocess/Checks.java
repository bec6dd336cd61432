package dev.fer.preprocess;

import java.util.Objects;

/** Argument checks shared by the preprocessing operations; every failure is a full-sentence message. */
final class Checks {
    /** Largest channel count the byte-image operations accept. */
    static final int MAX_CHANNELS = 4;

    private Checks() {
    }

    static void channels(int channels) {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("Images must have 1 to " + MAX_CHANNELS + " interleaved channels, got "
                    + channels + ".");
        }
    }

    static void size(String name, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("The " + name + " size must be at least 1x1, got " + width + "x"
                    + height + ".");
        }
    }

    static void image(String name, byte[] pixels, int width, int height, int channels) {
        Objects.requireNonNull(pixels, name);
        size(name, width, height);
        channels(channels);
        long expected = (long) width * height * channels;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("The " + name + " array has " + pixels.length + " bytes but a "
                    + width + "x" + height + " image with " + channels + " channel" + (channels == 1 ? "" : "s")
                    + " needs exactly " + expected + ".");
        }
    }

    static void inside(String name, IntRect rect, String imageName, int width, int height) {
        Objects.requireNonNull(rect, name);
        if (!rect.isInside(width, height)) {
            throw new IllegalArgumentException("The " + name + " " + describe(rect) + " must lie inside the "
                    + width + "x" + height + " " + imageName + ".");
        }
    }

    static void byteValue(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("The " + name + " must be 0 to 255, got " + value + ".");
        }
    }

    static String describe(IntRect r) {
        return r.width() + "x" + r.height() + " rectangle at (" + r.x() + ", " + r.y() + ")";
    }
}
