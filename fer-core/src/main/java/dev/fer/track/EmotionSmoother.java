package dev.fer.track;

import dev.fer.Emotion;
import dev.fer.result.EmotionScores;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Steadies one face's emotion probabilities over frames: an exponential moving average, a sliding-window mean, or
 * nothing (the output then equals the input). Classes missing from a frame's scores count as 0 for that frame.
 * The output of the average modes is a proper probability vector again (the mean of probability vectors).
 * {@link #dominant()} adds hysteresis, so a face whose raw dominant class flickers between two classes keeps one.
 *
 * <p><b>Not thread-safe:</b> one smoother per track, fed from one thread, in frame order.
 */
public final class EmotionSmoother {
    private final SmoothingConfig config;
    private final float[] state = new float[Emotion.values().length];
    private final ArrayDeque<float[]> window;
    private final float[] windowSum;
    private boolean supportedKnown;
    private final boolean[] supported = new boolean[Emotion.values().length];
    private int seen;
    private Emotion dominant;

    /**
     * Creates a smoother.
     *
     * @param config how to smooth
     */
    public EmotionSmoother(SmoothingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.window = config.mode() == SmoothingConfig.Mode.WINDOW ? new ArrayDeque<>(config.window()) : null;
        this.windowSum = window == null ? null : new float[Emotion.values().length];
    }

    /**
     * Adds one frame's scores and returns the smoothed scores.
     *
     * @param raw this frame's scores
     * @return the smoothed scores; {@code raw} itself when smoothing is off
     */
    public EmotionScores update(EmotionScores raw) {
        Objects.requireNonNull(raw, "raw");
        if (config.mode() == SmoothingConfig.Mode.OFF) {
            seen++;
            dominant = raw.dominant();
            return raw;
        }
        Emotion[] all = Emotion.values();
        float[] p = new float[all.length];
        for (Map.Entry<Emotion, Float> e : raw.probabilities().entrySet()) {
            p[e.getKey().ordinal()] = e.getValue();
            supported[e.getKey().ordinal()] = true;
        }
        supportedKnown = true;
        if (config.mode() == SmoothingConfig.Mode.EMA) {
            float a = (float) config.alpha();
            for (int i = 0; i < all.length; i++) {
                state[i] = seen == 0 ? p[i] : a * p[i] + (1 - a) * state[i];
            }
        } else {
            window.addLast(p);
            for (int i = 0; i < all.length; i++) {
                windowSum[i] += p[i];
            }
            if (window.size() > config.window()) {
                float[] old = window.removeFirst();
                for (int i = 0; i < all.length; i++) {
                    windowSum[i] -= old[i];
                }
            }
            for (int i = 0; i < all.length; i++) {
                state[i] = windowSum[i] / window.size();
            }
        }
        seen++;
        EmotionScores out = current();
        Emotion leader = out.dominant();
        if (dominant == null || !out.supported().contains(dominant)
                || out.probability(leader) - out.probability(dominant) > config.hysteresis()) {
            dominant = leader;
        }
        return out;
    }

    /**
     * The smoothed dominant class: the class with the highest smoothed probability, except that the current
     * dominant class stays until another leads it by more than {@link SmoothingConfig#hysteresis()}. With
     * smoothing off, the raw dominant class.
     *
     * @return the dominant class, or empty before the first update
     */
    public java.util.Optional<Emotion> dominant() {
        return java.util.Optional.ofNullable(dominant);
    }

    private EmotionScores current() {
        EnumMap<Emotion, Float> m = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            if (supportedKnown && supported[e.ordinal()]) {
                m.put(e, Math.min(1f, Math.max(0f, state[e.ordinal()])));
            }
        }
        return new EmotionScores(m);
    }

    /**
     * How many frames this smoother has seen.
     *
     * @return the count
     */
    public int frames() {
        return seen;
    }

    /**
     * The configuration.
     *
     * @return how this smoother smooths
     */
    public SmoothingConfig config() {
        return config;
    }
}
