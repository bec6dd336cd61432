package dev.fer.train;

import dev.fer.Emotion;
import dev.fer.eval.LabeledDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists the labeled images of a training folder. Without a label mapping this is
 * {@link LabeledDataset#scan(Path)} (every layout it reads; a flat folder with {@code labels.csv} is also read here
 * when that method does not accept it); with a mapping ({@code --labels name=emotion,...}) the
 * folder may use labels that are not emotion names: {@code DIR/<label>/*} or a flat folder with
 * {@code labels.csv} ({@code file,label}), each label looked up in the mapping first, then as an emotion name.
 *
 * <p>Stateless and thread-safe.
 */
public final class LabeledFaces {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff");

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
     *     ({@code INVALID_DATASET}) when the folder is missing or holds no images
     */
    public static List<LabeledDataset.Sample> scan(Path dir, Map<String, Emotion> mapping) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(mapping, "mapping");
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(DatasetException.Problem.INVALID_DATASET, "Training folder " + dir + " does "
                    + "not exist or is not a directory; expected DIR/<label>/* images or a flat folder with "
                    + "labels.csv (file,label).");
        }
        boolean csv = Files.isRegularFile(dir.resolve("labels.csv"));
        if (mapping.isEmpty()) {
            if (!csv) {
                checkFolderLabels(dir);
            }
            try {
                return LabeledDataset.scan(dir).samples();
            } catch (IllegalArgumentException e) {
                if (!csv) {
                    throw new DatasetException(DatasetException.Problem.INVALID_DATASET, e.getMessage());
                }
                // A LabeledDataset without labels.csv support, or a label it rejects: read the CSV here, which
                // names an unknown label with the --labels hint.
            }
        }
        List<LabeledDataset.Sample> samples = csv ? fromCsv(dir, mapping) : fromFolders(dir, mapping);
        if (samples.isEmpty()) {
            throw new DatasetException(DatasetException.Problem.INVALID_DATASET, "Training folder " + dir + " holds "
                    + "no images; expected DIR/<label>/*.{jpg,jpeg,png,bmp,tif} or labels.csv (file,label).");
        }
        samples.sort(Comparator.comparing(s -> s.file().toString()));
        return List.copyOf(samples);
    }

    /** Names a sub-folder that is not an emotion before LabeledDataset does, with the --labels hint. */
    private static void checkFolderLabels(Path dir) {
        if (Files.isRegularFile(dir.resolve("labels.csv"))) {
            return;
        }
        try (DirectoryStream<Path> labels = Files.newDirectoryStream(dir)) {
            for (Path p : labels) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && !name.startsWith(".") && Emotion.fromName(name).isEmpty()) {
                    throw unknown(name, p.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read training folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static DatasetException unknown(String label, String where) {
        return new DatasetException(DatasetException.Problem.UNKNOWN_LABEL, "Label '" + label + "' (" + where
                + ") is not one of the 8 emotions (angry, contempt, disgust, fear, happy, neutral, sad, surprise); "
                + "rename it, or map it with --labels " + label + "=<emotion> (in Java: LabeledFaces.parseMapping).");
    }

    private static Emotion label(String name, Map<String, Emotion> mapping, String where) {
        Emotion mapped = mapping.get(name.strip().toLowerCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        Optional<Emotion> e = Emotion.fromName(name.strip());
        return e.orElseThrow(() -> unknown(name.strip(), where));
    }

    private static List<LabeledDataset.Sample> fromFolders(Path dir, Map<String, Emotion> mapping) {
        List<LabeledDataset.Sample> samples = new ArrayList<>();
        try (DirectoryStream<Path> labels = Files.newDirectoryStream(dir)) {
            for (Path labelDir : labels) {
                String name = labelDir.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(labelDir)) {
                    continue;
                }
                Emotion label = label(name, mapping, labelDir.toString());
                try (Stream<Path> files = Files.walk(labelDir)) {
                    files.filter(Files::isRegularFile).filter(LabeledFaces::isImage)
                            .forEach(p -> samples.add(new LabeledDataset.Sample(p, label)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read training folder " + dir + ": " + e.getMessage(), e);
        }
        return samples;
    }

    private static List<LabeledDataset.Sample> fromCsv(Path dir, Map<String, Emotion> mapping) {
        Path csv = dir.resolve("labels.csv");
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv + ": " + e.getMessage(), e);
        }
        List<LabeledDataset.Sample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split(",", -1);
            if (i == 0 && cols.length >= 2 && cols[0].strip().equalsIgnoreCase("file")) {
                continue;
            }
            if (cols.length < 2) {
                throw new DatasetException(DatasetException.Problem.INVALID_DATASET, csv + " line " + (i + 1)
                        + " is not file,label: '" + line + "'.");
            }
            Path file = dir.resolve(cols[0].strip());
            if (!Files.isRegularFile(file)) {
                throw new DatasetException(DatasetException.Problem.INVALID_DATASET, csv + " line " + (i + 1)
                        + " names " + file + ", which does not exist.");
            }
            samples.add(new LabeledDataset.Sample(file, label(cols[1], mapping, csv + " line " + (i + 1))));
        }
        return samples;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
