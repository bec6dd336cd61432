package dev.fer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The eight emotion classes of the seed paper (seven basic expressions plus contempt).
 *
 * <p>Each constant has a stable lowercase {@link #jsonName() JSON name} used in every serialised form
 * (JSON, CSV) that fer-java writes. Enum constants are immutable and thread-safe.
 */
public enum Emotion {
    /** Neutral expression; JSON name {@code neutral}. */
    NEUTRAL("neutral"),
    /** Happiness; JSON name {@code happy}. */
    HAPPY("happy"),
    /** Sadness; JSON name {@code sad}. */
    SAD("sad"),
    /** Surprise; JSON name {@code surprise}. */
    SURPRISE("surprise"),
    /** Fear; JSON name {@code fear}. */
    FEAR("fear"),
    /** Disgust; JSON name {@code disgust}. */
    DISGUST("disgust"),
    /** Anger; JSON name {@code angry}. */
    ANGRY("angry"),
    /** Contempt (FER+ only among the bundled models); JSON name {@code contempt}. */
    CONTEMPT("contempt");

    private static final Map<String, Emotion> ALIASES = Map.ofEntries(
            Map.entry("neutral", NEUTRAL),
            Map.entry("happy", HAPPY), Map.entry("happiness", HAPPY),
            Map.entry("sad", SAD), Map.entry("sadness", SAD),
            Map.entry("surprise", SURPRISE), Map.entry("surprised", SURPRISE),
            Map.entry("fear", FEAR), Map.entry("fearful", FEAR),
            Map.entry("disgust", DISGUST), Map.entry("disgusted", DISGUST),
            Map.entry("angry", ANGRY), Map.entry("anger", ANGRY),
            Map.entry("contempt", CONTEMPT));

    private final String jsonName;

    Emotion(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * The stable lowercase name of this class: angry, contempt, disgust, fear, happy, neutral, sad or surprise.
     *
     * @return the JSON name
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Looks a class up by its JSON name or a common alias (anger, happiness, sadness, surprised, fearful,
     * disgusted), ignoring case and surrounding blanks.
     *
     * @param name a label name
     * @return the class, or empty when the name is unknown
     */
    public static Optional<Emotion> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * Like {@link #fromName(String)} but throws for unknown names.
     *
     * @param name a label name
     * @return the class
     * @throws IllegalArgumentException when the name is not a known emotion or alias
     */
    public static Emotion parse(String name) {
        return fromName(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown emotion name '" + name + "'; expected one of angry, contempt, disgust, fear, happy, "
                        + "neutral, sad, surprise (aliases: anger, happiness, sadness, surprised, fearful, disgusted)."));
    }
}
