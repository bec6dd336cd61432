package dev.fer.train;

import dev.fer.Emotion;
import dev.fer.eval.EvaluationReport;
import dev.fer.onnx.HeadModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Grouped K-fold cross-validation of a head on a {@link FeatureSet}: for each fold, a head is fitted on the other
 * folds' faces and scored on this fold's images with exactly the computation a saved head runs
 * ({@link HeadModel#probabilities(float[], float[])}, flip averaging included); results are summed over folds.
 * Images without a face are counted as misses. Folds are fitted in parallel (one thread per core, at most one
 * per fold); the result does not depend on the order they finish in. No group is ever on both sides of a split: this is checked for every
 * fold and a violation throws {@link IllegalStateException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrossValidator {
    private CrossValidator() {
    }

    /**
     * Runs cross-validation.
     *
     * @param set the embeddings (with mirrors when {@code options.flip()})
     * @param folds number of folds, at least 2
     * @param groupBy regular expression whose first capture group, found in a file name, is the subject
     * @param options how each fold's head is fitted
     * @return the summed report and the folds
     * @throws DatasetException for a pattern that misses file names or yields too few groups, a class with fewer
     *     images than folds, or too few classes
     * @throws IllegalArgumentException for fewer than 2 folds or a pattern without a capture group
     */
    public static CrossValidationResult run(FeatureSet set, int folds, Pattern groupBy, TrainingOptions options) {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(options, "options");
        List<FeatureSet.Item> items = set.items();
        List<Path> files = items.stream().map(FeatureSet.Item::file).toList();
        List<Emotion> labels = items.stream().map(FeatureSet.Item::label).toList();
        GroupedFolds assignment = GroupedFolds.assign(files, labels, folds, groupBy);
        if (EnumSet.copyOf(labels).size() < 2) {
            throw new DatasetException(DatasetException.Problem.TOO_FEW_CLASSES, "Cross-validation needs at least "
                    + "two classes; the data set has only " + EnumSet.copyOf(labels) + ".");
        }
        int threads = Math.max(1, Math.min(folds, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fer-crossval");
            t.setDaemon(true);
            return t;
        });
        List<Future<FoldRun>> runs = new ArrayList<>();
        try {
            for (int f = 0; f < folds; f++) {
                int fold = f;
                runs.add(pool.submit(() -> runFold(set, assignment, fold, options)));
            }
            List<FoldRun> done = new ArrayList<>();
            for (Future<FoldRun> r : runs) {
                done.add(get(r));
            }
            return sum(set, done, folds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static FoldRun get(Future<FoldRun> r) {
        try {
            return r.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Cross-validation was interrupted.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One fold's head and predictions. */
    private record FoldRun(int fold, List<Integer> test, Set<String> testGroups, int trainFaces, HeadModel head,
                           Map<Integer, Emotion> predicted, long fitNanos) {
    }

    private static FoldRun runFold(FeatureSet set, GroupedFolds assignment, int f, TrainingOptions options) {
        List<FeatureSet.Item> items = set.items();
        List<FeatureSet.Item> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        Set<String> trainGroups = new HashSet<>();
        Set<String> testGroups = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (assignment.foldOf(i) == f) {
                test.add(i);
                testGroups.add(assignment.groupOf(i));
            } else {
                train.add(items.get(i));
                trainGroups.add(assignment.groupOf(i));
            }
        }
        Set<String> both = new TreeSet<>(testGroups);
        both.retainAll(trainGroups);
        if (!both.isEmpty()) {
            throw new IllegalStateException("Fold " + f + " has groups " + both + " on both sides; this is a bug.");
        }
        long start = System.nanoTime();
        HeadModel head = HeadTrainer.fit(train, set.backbones(), options, Map.of());
        long fit = System.nanoTime() - start;
        Map<Integer, Emotion> predicted = new HashMap<>();
        for (int i : test) {
            FeatureSet.Item it = items.get(i);
            if (it.hasFace()) {
                predicted.put(i, predict(head, it, options.flip()));
            }
        }
        int trainFaces = (int) train.stream().filter(FeatureSet.Item::hasFace).count();
        return new FoldRun(f, test, testGroups, trainFaces, head, predicted, fit);
    }

    private static CrossValidationResult sum(FeatureSet set, List<FoldRun> runs, int folds) {
        List<FeatureSet.Item> items = set.items();
        Map<Emotion, Integer> support = new EnumMap<>(Emotion.class);
        Map<Emotion, Map<Emotion, Integer>> confusion = new EnumMap<>(Emotion.class);
        List<String> noFace = new ArrayList<>();
        Set<Emotion> predictable = EnumSet.noneOf(Emotion.class);
        List<CrossValidationResult.Fold> foldResults = new ArrayList<>();
        int correct = 0;
        long fitNanos = 0;
        for (FoldRun run : runs) {
            fitNanos += run.fitNanos();
            predictable.addAll(run.head().labels());
            int foldCorrect = 0;
            for (int i : run.test()) {
                FeatureSet.Item it = items.get(i);
                support.merge(it.label(), 1, Integer::sum);
                Emotion predicted = run.predicted().get(i);
                if (predicted == null) {
                    noFace.add(it.file().toString());
                    continue;
                }
                confusion.computeIfAbsent(it.label(), k -> new EnumMap<>(Emotion.class)).merge(predicted, 1,
                        Integer::sum);
                if (predicted == it.label()) {
                    foldCorrect++;
                }
            }
            correct += foldCorrect;
            foldResults.add(new CrossValidationResult.Fold(run.fold(), run.testGroups(), run.trainFaces(),
                    run.test().size(), foldCorrect));
        }
        EnumSet<Emotion> unsupported = EnumSet.allOf(Emotion.class);
        unsupported.removeAll(predictable);
        noFace.sort(null);
        EvaluationReport report = new EvaluationReport(items.size(), noFace.size(), correct, support, confusion,
                unsupported, noFace);
        return new CrossValidationResult(report, foldResults, Duration.ofNanos(fitNanos));
    }

    /**
     * The class a head gives an item: the most probable label (ties: the first in the head's order).
     *
     * @param head the head
     * @param item an item with a face
     * @param flip whether to average with the mirrored embedding
     * @return the predicted class
     */
    static Emotion predict(HeadModel head, FeatureSet.Item item, boolean flip) {
        double[] p = head.probabilities(item.embedding(), flip ? item.mirrored() : null);
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return head.labels().get(best);
    }
}
