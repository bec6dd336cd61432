package dev.fer.eval;

import dev.fer.Emotion;
import dev.fer.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A labelled image dataset, in one of two layouts that {@link #scan(Path)} tells apart by itself:
 * <ul>
 *   <li><b>folder per label</b>: {@code DIR/<label>/*.jpg} (any depth below the label folder);</li>
 *   <li><b>flat folder with {@value #LABELS_CSV}</b>: the images in {@code DIR} (or below it) and a CSV file
 *       {@code DIR/labels.csv} whose header names a {@code file} and a {@code label} column (more columns are
 *       ignored), {@code file} relative to {@code DIR}; as {@code ../shared/images/labeled} is laid out.</li>
 * </ul>
 * Each label is a canonical emotion name (angry, contempt, disgust, fear, happy, neutral, sad, surprise) or an alias
 * (anger, happiness, sadness, surprised, fearful, disgusted), in any case. Images are files in one of the
 * {@linkplain Images#SUPPORTED_FORMATS supported formats} ({@value Images#SUPPORTED_FORMATS}). Samples are sorted by
 * path so every run sees the same order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param root the dataset folder
 * @param samples every image with its label, sorted by path
 */
public record LabeledDataset(Path root, List<Sample> samples) {
    /** The name of the label file that marks a flat dataset folder. */
    public static final String LABELS_CSV = "labels.csv";

    private static final String LABELS_HELP = "expected one of angry, contempt, disgust, fear, happy, neutral, sad, "
            + "surprise (or anger, happiness, sadness, surprised, fearful, disgusted)";

    /**
     * One labelled image.
     *
     * @param file the image file
     * @param label its true class
     */
    public record Sample(Path file, Emotion label) {
        /** Validates the fields. */
        public Sample {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(label, "label");
        }
    }

    /** Copies the list. */
    public LabeledDataset {
        Objects.requireNonNull(root, "root");
        samples = List.copyOf(samples);
    }

    /**
     * Scans a dataset folder: with {@code DIR/labels.csv} present, the flat layout ({@link #fromLabelsCsv(Path)});
     * otherwise the folder-per-label layout, where files with other extensions and hidden entries (starting with a
     * dot) are ignored.
     *
     * @param dir the dataset folder
     * @return the dataset
     * @throws IllegalArgumentException when the folder is missing, a sub-folder is not an emotion name, the label
     *     file is malformed, or no image is found; the message names the path
     */
    public static LabeledDataset scan(Path dir) {
        return scan(dir, Emotion::fromName);
    }

    /**
     * Scans a dataset folder as {@link #scan(Path)} does, with labels read by the given function instead of
     * {@link Emotion#fromName(String)}: for example a mapping from your own label names ({@code joy}, {@code ctm})
     * to emotions, falling back to the emotion names.
     *
     * @param dir the dataset folder
     * @param labels the emotion of a label text (a sub-folder name or a {@code label} cell, stripped), or empty
     *     when the text is not a label
     * @return the dataset
     * @throws IllegalArgumentException as {@link #scan(Path)}; a label for which {@code labels} is empty is an
     *     error naming it and where it was found
     */
    public static LabeledDataset scan(Path dir, Function<String, Optional<Emotion>> labels) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(labels, "labels");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Dataset folder " + dir + " does not exist or is not a directory; "
                    + "expected DIR/<label>/*.jpg with labels such as angry, happy, neutral, or images beside a "
                    + LABELS_CSV + " (file,label).");
        }
        Path csv = dir.resolve(LABELS_CSV);
        if (Files.isRegularFile(csv)) {
            return fromLabelsCsv(csv, labels);
        }
        List<Sample> samples = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir)) {
            for (Path labelDir : folders) {
                String name = labelDir.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(labelDir)) {
                    continue;
                }
                Emotion label = labels.apply(name).orElseThrow(() -> new IllegalArgumentException(
                        "Dataset folder " + labelDir + " is not an emotion label; " + LABELS_HELP + "."));
                try (Stream<Path> files = Files.walk(labelDir)) {
                    files.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(Images::hasImageExtension)
                            .forEach(p -> samples.add(new Sample(p, label)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset folder " + dir + ": " + e.getMessage(), e);
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("Dataset folder " + dir + " holds no images; expected "
                    + "DIR/<label>/<image> or images beside a " + LABELS_CSV + " (file,label), in "
                    + Images.SUPPORTED_FORMATS + ".");
        }
        samples.sort(Comparator.comparing(s -> s.file().toString()));
        return new LabeledDataset(dir, samples);
    }

    /**
     * Reads a flat dataset from its label file: a CSV (RFC 4180, UTF-8) whose header row names a {@code file} and a
     * {@code label} column, in any order and case; other columns are ignored, blank lines skipped. Each file is
     * relative to the CSV's folder, which becomes the dataset's root.
     *
     * @param csv the label file, for example {@code DIR/labels.csv}
     * @return the dataset
     * @throws IllegalArgumentException when the file lacks those columns, a row names a missing file, a file that
     *     is not in a supported format or an unknown label, or no row is found; the message names the file and line
     */
    public static LabeledDataset fromLabelsCsv(Path csv) {
        return fromLabelsCsv(csv, Emotion::fromName);
    }

    /**
     * Reads a flat dataset from its label file as {@link #fromLabelsCsv(Path)} does, with labels read by the given
     * function (see {@link #scan(Path, Function)}).
     *
     * @param csv the label file
     * @param labels the emotion of a label text (stripped), or empty when the text is not a label
     * @return the dataset
     * @throws IllegalArgumentException as {@link #fromLabelsCsv(Path)}
     */
    public static LabeledDataset fromLabelsCsv(Path csv, Function<String, Optional<Emotion>> labels) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(labels, "labels");
        Path root = csv.getParent() != null ? csv.getParent() : csv.toAbsolutePath().getParent();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read label file " + csv + ": " + e.getMessage(), e);
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new IllegalArgumentException("Label file " + csv + " is empty; expected a header row 'file,label' "
                    + "and one row per image.");
        }
        List<String> header = parseCsvLine(stripBom(lines.get(first)));
        int fileCol = indexOf(header, "file");
        int labelCol = indexOf(header, "label");
        if (fileCol < 0 || labelCol < 0) {
            throw new IllegalArgumentException("Label file " + csv + " has the header '" + lines.get(first).strip()
                    + "'; expected a header row naming a 'file' and a 'label' column, such as 'file,label'.");
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = "Label file " + csv + ", line " + (i + 1);
            List<String> row = parseCsvLine(line);
            if (row.size() <= Math.max(fileCol, labelCol)) {
                throw new IllegalArgumentException(where + " has " + row.size() + " column(s); expected at least "
                        + (Math.max(fileCol, labelCol) + 1) + " (file and label).");
            }
            String name = row.get(fileCol).strip();
            String labelText = row.get(labelCol).strip();
            Emotion label = labels.apply(labelText).orElseThrow(() -> new IllegalArgumentException(
                    where + " has the label '" + labelText + "'; " + LABELS_HELP + "."));
            Path file = root.resolve(name).normalize();
            if (name.isEmpty() || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException(where + " names the file '" + name + "', which is not a file in "
                        + root + ".");
            }
            if (!Images.hasImageExtension(file)) {
                throw new IllegalArgumentException(where + " names the file '" + name + "', which is not in a "
                        + "supported image format; expected " + Images.SUPPORTED_FORMATS + ".");
            }
            samples.add(new Sample(file, label));
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("Label file " + csv + " lists no images; expected one row per image "
                    + "after the header 'file,label'.");
        }
        samples.sort(Comparator.comparing(s -> s.file().toString()));
        return new LabeledDataset(root, samples);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static int indexOf(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** One CSV line per RFC 4180 (quoted fields, doubled quotes); fields spanning lines are not supported. */
    static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
