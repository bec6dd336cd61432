package dev.fer.train;

import dev.fer.FerException;
import java.util.Objects;

/**
 * A labeled data set cannot be used for fitting or cross-validation as asked; {@link #problem()} says why and the
 * message names the label, class, pattern or files involved and what to do.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class DatasetException extends FerException {
    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Problem {
        /** The folder is missing, holds no images, or a file listed in {@code labels.csv} is missing. */
        INVALID_DATASET,
        /** A label is not one of the eight emotions and no mapping names it. */
        UNKNOWN_LABEL,
        /** Fewer than two classes to tell apart. */
        TOO_FEW_CLASSES,
        /** A class has fewer images than there are folds. */
        TOO_FEW_SAMPLES,
        /** The grouping pattern does not match some (or all) file names. */
        NO_GROUP_MATCH,
        /** The grouping pattern yields fewer groups than folds (for example one group). */
        TOO_FEW_GROUPS,
        /** No face was found in any training image. */
        NO_FACES
    }

    private final Problem problem;

    /**
     * Creates an exception.
     *
     * @param problem what is wrong
     * @param message a full sentence naming what was found and what to do
     */
    public DatasetException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /**
     * What is wrong.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }
}
