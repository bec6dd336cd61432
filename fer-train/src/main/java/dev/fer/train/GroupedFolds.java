package dev.fer.train;

import dev.fer.Emotion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * K folds in which every group (subject) falls in exactly one fold, so that no person is in both the training and
 * the test side of any split. The group of an image is the first capture group of a regular expression found in
 * its file name (CK+ files are {@code S010_004_00000019.png}: {@code ^(S\d+)_} gives {@code S010}). Groups are
 * placed largest first, each into the fold with the fewest images so far (ties: the lower fold), which balances
 * fold sizes deterministically.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroupedFolds {
    private final int k;
    private final List<String> groups;
    private final int[] fold;

    private GroupedFolds(int k, List<String> groups, int[] fold) {
        this.k = k;
        this.groups = List.copyOf(groups);
        this.fold = fold;
    }

    /**
     * Assigns images to folds by group.
     *
     * @param files the images (their file names are matched)
     * @param labels their classes, same order
     * @param k number of folds, at least 2
     * @param groupBy a regular expression with at least one capture group, searched in each file name
     * @return the folds
     * @throws IllegalArgumentException when {@code k} is below 2 or the pattern has no capture group
     * @throws DatasetException ({@code NO_GROUP_MATCH}) when the pattern misses a file name;
     *     ({@code TOO_FEW_GROUPS}) when there are fewer groups than folds; ({@code TOO_FEW_SAMPLES}) when a class
     *     has fewer images than folds
     */
    public static GroupedFolds assign(List<Path> files, List<Emotion> labels, int k, Pattern groupBy) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(groupBy, "groupBy");
        if (k < 2) {
            throw new IllegalArgumentException("Cross-validation needs at least 2 folds, got " + k + ".");
        }
        if (groupBy.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("The grouping pattern '" + groupBy + "' has no capture group; put the "
                    + "subject part in parentheses, for example '^(S\\d+)_'.");
        }
        EnumMap<Emotion, Integer> support = new EnumMap<>(Emotion.class);
        labels.forEach(l -> support.merge(l, 1, Integer::sum));
        for (Map.Entry<Emotion, Integer> e : support.entrySet()) {
            if (e.getValue() < k) {
                throw new DatasetException(DatasetException.Problem.TOO_FEW_SAMPLES, "Class '"
                        + e.getKey().jsonName() + "' has " + e.getValue() + " image(s), fewer than the " + k
                        + " folds; every fold needs a chance to test each class. Add images, merge or drop the "
                        + "class, or use fewer folds (--folds " + e.getValue() + ").");
            }
        }
        List<String> groupOf = new ArrayList<>(files.size());
        List<String> missed = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher m = groupBy.matcher(name);
            if (m.find() && m.group(1) != null) {
                groupOf.add(m.group(1));
            } else {
                groupOf.add(null);
                missed.add(name);
            }
        }
        if (!missed.isEmpty()) {
            String examples = String.join(", ", missed.subList(0, Math.min(3, missed.size())));
            throw new DatasetException(DatasetException.Problem.NO_GROUP_MATCH, missed.size() == files.size()
                    ? "The grouping pattern '" + groupBy + "' matches no file name (for example " + examples + "); "
                    + "it must find the subject in every name, for example '^(S\\d+)_' for S010_004_….png."
                    : "The grouping pattern '" + groupBy + "' does not match " + missed.size() + " of " + files.size()
                    + " file names (for example " + examples + "); every image needs a subject, or it could end "
                    + "up on both sides of a split.");
        }
        Map<String, Integer> sizes = new TreeMap<>();
        groupOf.forEach(g -> sizes.merge(g, 1, Integer::sum));
        if (sizes.size() < k) {
            throw new DatasetException(DatasetException.Problem.TOO_FEW_GROUPS, "The grouping pattern '" + groupBy
                    + "' yields " + sizes.size() + " group(s) " + (sizes.size() <= 5 ? sizes.keySet() + " " : "")
                    + "for " + k + " folds; grouped cross-validation needs at least as many groups as folds. Check "
                    + "that the capture group is the subject, or use fewer folds.");
        }
        List<String> order = new ArrayList<>(sizes.keySet());
        order.sort(Comparator.comparing((String g) -> -sizes.get(g)).thenComparing(Comparator.naturalOrder()));
        int[] load = new int[k];
        Map<String, Integer> foldOfGroup = new HashMap<>();
        for (String g : order) {
            int best = 0;
            for (int f = 1; f < k; f++) {
                if (load[f] < load[best]) {
                    best = f;
                }
            }
            foldOfGroup.put(g, best);
            load[best] += sizes.get(g);
        }
        int[] fold = new int[files.size()];
        for (int i = 0; i < fold.length; i++) {
            fold[i] = foldOfGroup.get(groupOf.get(i));
        }
        return new GroupedFolds(k, groupOf, fold);
    }

    /**
     * Number of folds.
     *
     * @return k
     */
    public int k() {
        return k;
    }

    /**
     * The fold of an image.
     *
     * @param index the image's index
     * @return 0 to {@code k − 1}
     */
    public int foldOf(int index) {
        return fold[index];
    }

    /**
     * The group of an image.
     *
     * @param index the image's index
     * @return its group
     */
    public String groupOf(int index) {
        return groups.get(index);
    }

    /**
     * Number of images.
     *
     * @return the count
     */
    public int size() {
        return fold.length;
    }
}
