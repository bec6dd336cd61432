package dev.fer.eval;

import dev.fer.Emotion;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of an evaluation. Accuracy counts an image whose face was not found as a miss, so {@link #overall()}
 * is over all {@link #n()} images; {@link #noFace()} says how many of them had no face. The confusion matrix has
 * true labels as rows and predicted classes as columns, and holds only images that got a prediction.
 *
 * <p>Immutable and thread-safe.
 *
 * @param n images evaluated
 * @param noFace images in which no face was found (always 0 for cropped evaluation)
 * @param correct images whose predicted class equals the label
 * @param support images per true label
 * @param confusion counts per true label, then per predicted class
 * @param unsupportedClasses classes the model cannot predict (for example contempt for a 7-class model)
 * @param noFaceFiles the images without a face, sorted
 */
public record EvaluationReport(int n, int noFace, int correct, Map<Emotion, Integer> support,
                               Map<Emotion, Map<Emotion, Integer>> confusion, Set<Emotion> unsupportedClasses,
                               List<String> noFaceFiles) {
    /** Copies the maps and lists. */
    public EvaluationReport {
        support = Collections.unmodifiableMap(new EnumMap<>(support.isEmpty() ? new EnumMap<>(Emotion.class)
                : support));
        EnumMap<Emotion, Map<Emotion, Integer>> c = new EnumMap<>(Emotion.class);
        for (Map.Entry<Emotion, Map<Emotion, Integer>> e : confusion.entrySet()) {
            c.put(e.getKey(), Collections.unmodifiableMap(e.getValue().isEmpty() ? new EnumMap<>(Emotion.class)
                    : new EnumMap<>(e.getValue())));
        }
        confusion = Collections.unmodifiableMap(c);
        unsupportedClasses = Collections.unmodifiableSet(unsupportedClasses.isEmpty()
                ? EnumSet.noneOf(Emotion.class) : EnumSet.copyOf(unsupportedClasses));
        noFaceFiles = List.copyOf(noFaceFiles);
    }

    /**
     * Correct predictions over all images.
     *
     * @return accuracy in [0, 1]; 0 for an empty report
     */
    public double overall() {
        return n == 0 ? 0.0 : (double) correct / n;
    }

    /**
     * Recall of one class: correct predictions among images with that label (no-face images count as misses).
     *
     * @param label a class present in the dataset
     * @return the accuracy, or NaN when the dataset has no image of that class
     */
    public double accuracy(Emotion label) {
        int s = support.getOrDefault(label, 0);
        if (s == 0) {
            return Double.NaN;
        }
        return (double) count(label, label) / s;
    }

    /**
     * Per-class accuracy for every class present in the dataset, in {@link Emotion} order.
     *
     * @return class to accuracy
     */
    public Map<Emotion, Double> perClass() {
        EnumMap<Emotion, Double> m = new EnumMap<>(Emotion.class);
        for (Emotion e : support.keySet()) {
            m.put(e, accuracy(e));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Mean of the per-class accuracies over the classes present in the dataset.
     *
     * @return the macro average, 0 for an empty report
     */
    public double macro() {
        Map<Emotion, Double> pc = perClass();
        return pc.isEmpty() ? 0.0 : pc.values().stream().mapToDouble(Double::doubleValue).average().orElse(0.0);
    }

    /**
     * One cell of the confusion matrix.
     *
     * @param truth true label
     * @param predicted predicted class
     * @return the count
     */
    public int count(Emotion truth, Emotion predicted) {
        Map<Emotion, Integer> row = confusion.get(truth);
        return row == null ? 0 : row.getOrDefault(predicted, 0);
    }

    /**
     * The per-class table of the paper, then macro and overall accuracy, then the confusion matrix, as
     * fixed-width text.
     *
     * @return the table
     */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s %7s %9s%n", "class", "images", "accuracy"));
        for (Emotion e : Emotion.values()) {
            int s = support.getOrDefault(e, 0);
            if (s == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-10s %7d %8.1f%%%s%n", e.jsonName(), s, 100 * accuracy(e),
                    unsupportedClasses.contains(e) ? "  (model cannot predict this class)" : ""));
        }
        sb.append(String.format(Locale.ROOT, "%-10s %7s %8.1f%%%n", "macro", "", 100 * macro()));
        sb.append(String.format(Locale.ROOT, "%-10s %7d %8.1f%%%n", "overall", n, 100 * overall()));
        if (noFace > 0) {
            sb.append(String.format(Locale.ROOT, "no face found in %d of %d images (counted as misses)%n", noFace,
                    n));
        }
        if (!unsupportedClasses.isEmpty()) {
            sb.append("classes the model cannot predict: ");
            sb.append(String.join(", ", unsupportedClasses.stream().map(Emotion::jsonName).toList()));
            sb.append(System.lineSeparator());
        }
        sb.append(System.lineSeparator()).append("confusion (rows: true label, columns: predicted)")
                .append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%-10s", ""));
        for (Emotion p : Emotion.values()) {
            sb.append(String.format(Locale.ROOT, " %8s", p.jsonName()));
        }
        sb.append(System.lineSeparator());
        for (Emotion t : Emotion.values()) {
            if (support.getOrDefault(t, 0) == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-10s", t.jsonName()));
            for (Emotion p : Emotion.values()) {
                sb.append(String.format(Locale.ROOT, " %8d", count(t, p)));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
