package dev.fer.track;

import java.util.Locale;
import java.util.Objects;

/**
 * How an {@link EmotionSmoother} steadies a track's emotion probabilities over frames.
 *
 * <p>Immutable and thread-safe. Create with {@link #ema(double)}, {@link #window(int)} or {@link #off()}.
 *
 * @param mode the method
 * @param alpha weight of the newest frame for {@link Mode#EMA}, in (0, 1]; 1 for the other modes
 * @param window number of frames averaged for {@link Mode#WINDOW}, at least 1; 1 for the other modes
 * @param hysteresis how far, in probability, another class must lead the current smoothed dominant class before
 *     the dominant class changes, in [0, 1); ignored when off; default {@link #DEFAULT_HYSTERESIS}
 */
public record SmoothingConfig(Mode mode, double alpha, int window, double hysteresis) {
    /** Default hysteresis: a smoothed class must lead by 0.1 to become dominant. */
    public static final double DEFAULT_HYSTERESIS = 0.1;

    /** The default: an exponential moving average with {@link #DEFAULT_ALPHA}. */
    public static final double DEFAULT_ALPHA = 0.3;

    /** The smoothing methods. */
    public enum Mode {
        /** Exponential moving average: {@code s = alpha * p + (1 - alpha) * s}. */
        EMA,
        /** Mean of the last {@code window} frames in which the track was seen. */
        WINDOW,
        /** No smoothing: the smoothed scores are the raw per-frame scores. */
        OFF
    }

    /**
     * Validates the fields together.
     *
     * @throws IllegalArgumentException when alpha or window is out of range for the mode
     */
    public SmoothingConfig {
        Objects.requireNonNull(mode, "mode");
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("Smoothing alpha must be in (0, 1], got " + alpha + ".");
        }
        if (window < 1) {
            throw new IllegalArgumentException("Smoothing window must be at least 1 frame, got " + window + ".");
        }
        if (!(hysteresis >= 0 && hysteresis < 1)) {
            throw new IllegalArgumentException("Smoothing hysteresis must be in [0, 1), got " + hysteresis + ".");
        }
    }

    /**
     * Exponential moving average.
     *
     * @param alpha weight of the newest frame in (0, 1]; smaller is steadier, 1 is no smoothing
     * @return the configuration
     */
    public static SmoothingConfig ema(double alpha) {
        return new SmoothingConfig(Mode.EMA, alpha, 1, DEFAULT_HYSTERESIS);
    }

    /**
     * Mean over a sliding window.
     *
     * @param frames window length in frames, at least 1
     * @return the configuration
     */
    public static SmoothingConfig window(int frames) {
        return new SmoothingConfig(Mode.WINDOW, 1, frames, DEFAULT_HYSTERESIS);
    }

    /**
     * No smoothing.
     *
     * @return the configuration
     */
    public static SmoothingConfig off() {
        return new SmoothingConfig(Mode.OFF, 1, 1, 0);
    }

    /**
     * A copy with another hysteresis.
     *
     * @param margin in [0, 1); 0 makes the smoothed dominant the plain arg-max of the smoothed scores
     * @return the copy
     */
    public SmoothingConfig withHysteresis(double margin) {
        return new SmoothingConfig(mode, alpha, window, margin);
    }

    /**
     * The default, {@code ema(DEFAULT_ALPHA)}.
     *
     * @return the configuration
     */
    public static SmoothingConfig defaults() {
        return ema(DEFAULT_ALPHA);
    }

    /**
     * Parses {@code off}, an EMA alpha such as {@code 0.3}, or {@code window:N}.
     *
     * @param text the text
     * @return the configuration
     * @throws IllegalArgumentException when the text is none of these
     */
    public static SmoothingConfig parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("none")) {
            return off();
        }
        try {
            if (t.startsWith("window:")) {
                return window(Integer.parseInt(t.substring(7)));
            }
            return ema(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Smoothing must be 'off', an EMA weight in (0, 1] such as 0.3, or "
                    + "'window:N', got '" + text + "'.", e);
        }
    }

    @Override
    public String toString() {
        return switch (mode) {
            case EMA -> "ema(" + alpha + ")";
            case WINDOW -> "window(" + window + ")";
            case OFF -> "off";
        };
    }
}
