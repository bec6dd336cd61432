package dev.fer.onnx;

import dev.fer.ModelLoadException;
import java.util.Objects;

/**
 * A head file cannot be used: it is not a fer-java head, it is truncated, its content does not match its SHA-256
 * trailer (damaged or edited), it was written by a newer fer-java, or its content is inconsistent.
 * {@link #problem()} says which.
 *
 * <p>Unchecked; immutable and safe to share across threads.
 */
public class HeadFileException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem {
        /** The file does not start with the head magic. */
        NOT_A_HEAD,
        /** The file ends before its declared content does. */
        TRUNCATED,
        /** The SHA-256 trailer does not match the content, or bytes follow the trailer. */
        TAMPERED,
        /** The format version is newer than this fer-java reads. */
        NEWER_VERSION,
        /** The checksum is right but the content is inconsistent (for example a block of the wrong length). */
        MALFORMED,
        /** The file cannot be read or written. */
        IO
    }

    private final Problem problem;

    /**
     * Creates an exception.
     *
     * @param problem what is wrong
     * @param message a full sentence naming the file, what was found and what to do
     * @param cause the underlying error, may be {@code null}
     */
    public HeadFileException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /**
     * What is wrong with the file.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }
}
