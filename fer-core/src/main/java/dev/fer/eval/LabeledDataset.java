package dev.fer.eval;

import dev.fer.Emotion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder-per-label dataset: {@code DIR/<label>/*.{jpg,jpeg,png,bmp}}, where each label is a canonical emotion
 * name (angry, contempt, disgust, fear, happy, neutral, sad, surprise) or an alias (anger, happiness, sadness,
 * surprised, fearful, disgusted). Samples are sorted by path so every run sees the same order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param root the dataset folder
 * @param samples every image with its label, sorted by path
 */
public record LabeledDataset(Path root, List<Sample> samples) {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

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
     * Scans a dataset folder. Files with other extensions are ignored; hidden entries (starting with a dot) too.
     *
     * @param dir the dataset folder
     * @return the dataset
     * @throws IllegalArgumentException when the folder is missing, a sub-folder is not an emotion name, or no
     *     image is found; the message names the path
     */
    public static LabeledDataset scan(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Dataset folder " + dir + " does not exist or is not a directory; "
                    + "expected DIR/<label>/*.jpg with labels such as angry, happy, neutral.");
        }
        List<Sample> samples = new ArrayList<>();
        try (DirectoryStream<Path> labels = Files.newDirectoryStream(dir)) {
            for (Path labelDir : labels) {
                String name = labelDir.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(labelDir)) {
                    continue;
                }
                Emotion label = Emotion.fromName(name).orElseThrow(() -> new IllegalArgumentException(
                        "Dataset folder " + labelDir + " is not an emotion label; expected one of angry, contempt, "
                                + "disgust, fear, happy, neutral, sad, surprise (or anger, happiness, sadness, "
                                + "surprised, fearful, disgusted)."));
                try (Stream<Path> files = Files.walk(labelDir)) {
                    files.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(LabeledDataset::isImage)
                            .forEach(p -> samples.add(new Sample(p, label)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset folder " + dir + ": " + e.getMessage(), e);
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("Dataset folder " + dir + " holds no images; expected "
                    + "DIR/<label>/*.{jpg,jpeg,png,bmp}.");
        }
        samples.sort(Comparator.comparing(s -> s.file().toString()));
        return new LabeledDataset(dir, samples);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
