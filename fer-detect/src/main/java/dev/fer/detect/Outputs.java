package dev.fer.detect;

import java.nio.FloatBuffer;
import java.util.List;

/** Shared checks and arithmetic for the decoders. Stateless and thread-safe; not API. */
final class Outputs {
    /** Margin, in logit units, below the exact logit of a threshold that the cheap pre-filter still lets through. */
    private static final double LOGIT_MARGIN = 1e-3;

    private Outputs() {
    }

    /**
     * Checks that an output buffer holds exactly the expected number of values (its limit; the position is ignored).
     */
    static FloatBuffer require(FloatBuffer buffer, long expected, String model, String output, String shape,
                               int inputWidth, int inputHeight) {
        if (buffer == null) {
            throw new NullPointerException(model + " output '" + output + "' is null.");
        }
        if (buffer.limit() != expected) {
            throw new IllegalArgumentException(model + " output '" + output + "' has " + buffer.limit()
                    + " values, expected " + expected + " = " + shape + " for a " + inputWidth + "x" + inputHeight
                    + " input. Check that the decoder was built for the model's input size and that the outputs are"
                    + " passed in the documented order.");
        }
        return buffer;
    }

    /**
     * {@link #require(FloatBuffer, long, String, String, String, int, int)} for a per-stride output
     * {@code [1, n, last]} named {@code role + stride}, building the names and the message only on failure.
     */
    static FloatBuffer require(FloatBuffer buffer, String model, String role, int stride, int n, int last,
                               int inputWidth, int inputHeight) {
        if (buffer == null || buffer.limit() != (long) n * last) {
            return require(buffer, (long) n * last, model, role + stride, "[1, " + n + ", " + last + "]",
                    inputWidth, inputHeight);
        }
        return buffer;
    }

    /** Checks the number of buffers in a list of per-stride outputs. */
    static List<FloatBuffer> requireCount(List<FloatBuffer> buffers, int expected, String model, String what) {
        if (buffers == null) {
            throw new NullPointerException(model + " " + what + " list is null.");
        }
        if (buffers.size() != expected) {
            throw new IllegalArgumentException(model + " needs " + expected + " " + what + " buffers, got "
                    + buffers.size() + ".");
        }
        return buffers;
    }

    static float checkScoreThreshold(String model, String name, float value) {
        if (!(value >= 0f && value <= 1f)) {
            throw new IllegalArgumentException(model + " " + name + " must be in [0, 1], got " + value + ".");
        }
        return value;
    }

    static float checkIouThreshold(String model, float value) {
        if (!(value >= 0f && value <= 1f)) {
            throw new IllegalArgumentException(model + " NMS IoU threshold must be in [0, 1], got " + value + ".");
        }
        return value;
    }

    static int checkLimit(String model, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(model + " " + name + " must be >= 0 (0 = no limit), got " + value
                    + ".");
        }
        return value;
    }

    static void checkMultipleOf32(String model, int width, int height) {
        if (width < 32 || height < 32 || width % 32 != 0 || height % 32 != 0) {
            throw new IllegalArgumentException(model + " input size must be a positive multiple of 32 (its largest"
                    + " stride), got " + width + "x" + height + ". Pad the image to a multiple of 32 first.");
        }
    }

    static void checkPositive(String model, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(model + " input size must be positive, got " + width + "x" + height
                    + ".");
        }
    }

    /** The logistic function, evaluated in double and rounded once. */
    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /**
     * A raw logit at or below which {@code sigmoid(x) > threshold} cannot hold, so a decoder can skip the cell before
     * any {@code exp}. Slightly below the exact logit; the caller still compares the sigmoid itself.
     */
    static double logitFloor(float threshold) {
        if (threshold <= 0f) {
            return Double.NEGATIVE_INFINITY;
        }
        if (threshold >= 1f) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.log(threshold / (1.0 - threshold)) - LOGIT_MARGIN;
    }

    static boolean finite(float a, float b, float c, float d) {
        return Float.isFinite(a) && Float.isFinite(b) && Float.isFinite(c) && Float.isFinite(d);
    }

    static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
