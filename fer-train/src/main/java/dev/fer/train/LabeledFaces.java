package dev.fer.train;

import dev.fer.Emotion;
import dev.fer.eval.LabeledDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lists the labeled images of a training folder with {@link LabeledDataset#scan(Path, java.util.function.Function)}
 * (both layouts: {@code DIR/<label>/*}, or a flat folder with {@code labels.csv}), each label looked up in an
 * optional mapping first ({@code --labels name=emotion,...}, for labels that are not emotion names), then as an
 * emotion name; its errors become typed {@link DatasetException}s, a label that is neither naming the
 * {@code --labels} way out.
 *
 * <p>Stateless and thread-safe.
 */
public final class LabeledFaces {
    private LabeledFaces() {
    }

    /**
     * Parses a mapping such as {@code anger=angry,happiness=happy,ctm=contempt}.
     *
     * @param text comma-separated {@code name=emotion} pairs; blank for none
     * @return name (lowercase) to emotion, in the given order
     * @throws IllegalArgumentException when a pair is malformed or names no emotion
     */
    public static Map<String, Emotion> parseMapping(String text) {
        Map<String, Emotion> map = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return map;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 1 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("Label mapping '" + pair.strip() + "' is not name=emotion (for "
                        + "example --labels anger=angry,ctm=contempt).");
            }
            String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String emotion = pair.substring(eq + 1).strip();
            map.put(name, Emotion.fromName(emotion).orElseThrow(() -> new IllegalArgumentException("Label mapping '"
                    + pair.strip() + "' maps to '" + emotion + "', which is not one of angry, contempt, disgust, fear, "
                    + "happy, neutral, sad, surprise.")));
        }
        return map;
    }

    /**
     * Lists a training folder.
     *
     * @param dir the folder
     * @param mapping label name (lowercase) to emotion; empty to accept emotion names only
     * @return the samples, sorted by path
     * @throws DatasetException ({@code UNKNOWN_LABEL}) naming a label that is neither mapped nor an emotion;
     *     ({@code INVALID_DATASET}) when the folder is missing, its {@code labels.csv} is malformed or it holds no
     *     images
     */
    public static List<LabeledDataset.Sample> scan(Path dir, Map<String, Emotion> mapping) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(mapping, "mapping");
        AtomicReference<String> unknown = new AtomicReference<>();
        try {
            return LabeledDataset.scan(dir, name -> {
                Emotion mapped = mapping.get(name.strip().toLowerCase(Locale.ROOT));
                Optional<Emotion> e = mapped != null ? Optional.of(mapped) : Emotion.fromName(name.strip());
                if (e.isEmpty()) {
                    unknown.set(name.strip());
                }
                return e;
            }).samples();
        } catch (IllegalArgumentException e) {
            String label = unknown.get();
            if (label == null) {
                throw new DatasetException(DatasetException.Problem.INVALID_DATASET, e.getMessage());
            }
            Path csv = dir.resolve(LabeledDataset.LABELS_CSV);
            String where = Files.isRegularFile(csv) ? "in " + csv : dir.resolve(label).toString();
            throw new DatasetException(DatasetException.Problem.UNKNOWN_LABEL, "Label '" + label + "' (" + where
                    + ") is not one of the 8 emotions (angry, contempt, disgust, fear, happy, neutral, sad, "
                    + "surprise); rename it, or map it with --labels " + label + "=<emotion> (in Java: "
                    + "LabeledFaces.parseMapping).");
        }
    }
}
