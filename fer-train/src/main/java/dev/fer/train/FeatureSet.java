package dev.fer.train;

import dev.fer.Emotion;
import dev.fer.onnx.HeadModel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embeddings of a labeled data set, extracted once ({@link HeadFitter#extract}) and reused by fitting and by
 * every fold of cross-validation. Images in which no face was found stay in the set without an embedding, so that
 * evaluations count them as misses instead of dropping them from the denominator.
 *
 * <p>Immutable and thread-safe (the arrays of an {@link Item} must not be modified).
 *
 * @param items one entry per image, in data set order
 * @param backbones the backbones the embeddings come from, in concatenation order
 * @param cropped whether the images were face crops (classified whole) rather than photos
 * @param listingSha256 SHA-256 of the data set listing (relative path, label and size of each file)
 */
public record FeatureSet(List<Item> items, List<HeadModel.BackboneRef> backbones, boolean cropped,
                         String listingSha256) {
    /**
     * One image.
     *
     * @param file the image
     * @param label its class
     * @param embedding the face's embedding, or {@code null} when no face was found
     * @param mirrored the mirrored face's embedding, or {@code null} when flips were not extracted (or no face)
     */
    public record Item(Path file, Emotion label, float[] embedding, float[] mirrored) {
        /** Validates the fields. */
        public Item {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(label, "label");
            if (embedding == null && mirrored != null) {
                throw new IllegalArgumentException("An item without a face cannot have a mirrored embedding.");
            }
        }

        /**
         * Whether a face was found.
         *
         * @return {@code true} when there is an embedding
         */
        public boolean hasFace() {
            return embedding != null;
        }
    }

    /** Copies the lists. */
    public FeatureSet {
        items = List.copyOf(items);
        backbones = List.copyOf(backbones);
        Objects.requireNonNull(listingSha256, "listingSha256");
        int d = backbones.stream().mapToInt(HeadModel.BackboneRef::dimension).sum();
        for (Item it : items) {
            if (it.embedding() != null && it.embedding().length != d
                    || it.mirrored() != null && it.mirrored().length != d) {
                throw new IllegalArgumentException("Item " + it.file() + " has an embedding of the wrong length; "
                        + "the backbones give " + d + " values.");
            }
        }
    }

    /**
     * Whether every item with a face also has its mirrored embedding.
     *
     * @return {@code true} when flip training and flip averaging are possible
     */
    public boolean hasMirrors() {
        return items.stream().filter(Item::hasFace).allMatch(i -> i.mirrored() != null);
    }

    /**
     * Images per class.
     *
     * @return class to count, in {@link Emotion} order
     */
    public Map<Emotion, Integer> counts() {
        EnumMap<Emotion, Integer> m = new EnumMap<>(Emotion.class);
        items.forEach(i -> m.merge(i.label(), 1, Integer::sum));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Images in which no face was found.
     *
     * @return their paths
     */
    public List<Path> noFaceFiles() {
        return items.stream().filter(i -> !i.hasFace()).map(Item::file).toList();
    }
}
