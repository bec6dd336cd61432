package dev.fer.result;

import dev.fer.Emotion;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Probabilities of the emotion classes a classifier supports. Classes the model does not have (for example
 * contempt for a 7-class model) are absent, not zero.
 *
 * <p>Immutable and thread-safe. Iteration order is {@link Emotion} declaration order.
 *
 * @param probabilities a probability in [0, 1] per supported class
 */
public record EmotionScores(Map<Emotion, Float> probabilities) {
    /**
     * Validates and copies the map.
     *
     * @throws IllegalArgumentException when the map is empty or a value is outside [0, 1]
     */
    public EmotionScores {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.isEmpty()) {
            throw new IllegalArgumentException("EmotionScores needs at least one class.");
        }
        EnumMap<Emotion, Float> copy = new EnumMap<>(Emotion.class);
        for (Map.Entry<Emotion, Float> e : probabilities.entrySet()) {
            Float p = e.getValue();
            if (e.getKey() == null || p == null || !(p >= 0f && p <= 1.0001f)) {
                throw new IllegalArgumentException("Probability for " + e.getKey() + " must be in [0, 1], got "
                        + p + ".");
            }
            copy.put(e.getKey(), p);
        }
        probabilities = Collections.unmodifiableMap(copy);
    }

    /**
     * The probability of one class.
     *
     * @param emotion a class
     * @return its probability, or empty when the model does not have that class
     */
    public Optional<Float> get(Emotion emotion) {
        return Optional.ofNullable(probabilities.get(emotion));
    }

    /**
     * The probability of one class, 0 when the model does not have it.
     *
     * @param emotion a class
     * @return the probability
     */
    public float probability(Emotion emotion) {
        Float p = probabilities.get(emotion);
        return p == null ? 0f : p;
    }

    /**
     * The classes the model has.
     *
     * @return the supported classes
     */
    public Set<Emotion> supported() {
        return probabilities.keySet();
    }

    /**
     * The most probable class; ties go to the class declared first in {@link Emotion}.
     *
     * @return the dominant emotion
     */
    public Emotion dominant() {
        Emotion best = null;
        float bestP = -1f;
        for (Map.Entry<Emotion, Float> e : probabilities.entrySet()) {
            if (e.getValue() > bestP) {
                bestP = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * Probability of the dominant class.
     *
     * @return {@code probability(dominant())}
     */
    public float dominantProbability() {
        return probabilities.get(dominant());
    }
}
