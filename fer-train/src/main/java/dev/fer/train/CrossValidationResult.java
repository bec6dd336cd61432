package dev.fer.train;

import dev.fer.eval.EvaluationReport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-validation results summed over folds: the report (overall, macro average, per-class accuracy, confusion;
 * images without a face count as misses) and what each fold held.
 *
 * <p>Immutable and thread-safe.
 *
 * @param report the summed evaluation
 * @param folds one entry per fold
 * @param fitting time spent fitting heads, summed over folds (which run in parallel; embeddings are extracted once,
 *     before)
 */
public record CrossValidationResult(EvaluationReport report, List<Fold> folds, Duration fitting) {
    /**
     * One fold.
     *
     * @param index 0-based fold number
     * @param testGroups the groups tested in this fold (none of them was in its training side)
     * @param trainImages training images with a face
     * @param testImages images tested (with or without a face)
     * @param correct test images classified correctly
     */
    public record Fold(int index, Set<String> testGroups, int trainImages, int testImages, int correct) {
        /** Copies the set. */
        public Fold {
            testGroups = Set.copyOf(testGroups);
        }
    }

    /** Copies the list. */
    public CrossValidationResult {
        Objects.requireNonNull(report, "report");
        folds = List.copyOf(folds);
        Objects.requireNonNull(fitting, "fitting");
    }
}
