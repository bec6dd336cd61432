package dev.fer.draw;

import dev.fer.Emotion;
import java.awt.Color;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One colour per emotion, shared by the overlays and the charts so a reader learns them once. Immutable.
 */
public final class Palette {
    private Palette() {
    }

    /** Box colour of a face without emotions. */
    public static final Color FACE = new Color(0, 200, 120);

    /**
     * The colour of an emotion.
     *
     * @param e the emotion
     * @return its colour
     */
    public static Color of(Emotion e) {
        return switch (e) {
            case ANGRY -> new Color(220, 50, 47);
            case CONTEMPT -> new Color(141, 110, 99);
            case DISGUST -> new Color(104, 159, 56);
            case FEAR -> new Color(142, 68, 173);
            case HAPPY -> new Color(255, 179, 0);
            case NEUTRAL -> new Color(150, 150, 150);
            case SAD -> new Color(30, 110, 200);
            case SURPRISE -> new Color(0, 188, 212);
        };
    }

    /**
     * Black or white, whichever reads better on a background.
     *
     * @param background the background colour
     * @return black on light colours, white on dark ones
     */
    public static Color textOn(Color background) {
        double luma = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luma > 150 ? Color.BLACK : Color.WHITE;
    }

    /**
     * Emotions in the order every listing uses: alphabetical by JSON name (angry, contempt, disgust, fear, happy,
     * neutral, sad, surprise).
     *
     * @param classes a set of emotions
     * @return them sorted
     */
    public static List<Emotion> ordered(Set<Emotion> classes) {
        return classes.stream().sorted(Comparator.comparing(Emotion::jsonName)).toList();
    }
}
