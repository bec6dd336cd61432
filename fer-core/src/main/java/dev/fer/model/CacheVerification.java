package dev.fer.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The state of one catalogued model in the cache, as reported by {@link ModelRepository#verifyCache()} (for the
 * {@code models verify} command). Immutable and thread-safe.
 *
 * @param entry the catalogued model
 * @param path where the model lives (or would live) in the cache directory
 * @param status what was found
 * @param actualSha256 the SHA-256 of the file that was found, or {@code null} when it is missing
 */
public record CacheVerification(ModelEntry entry, Path path, Status status, String actualSha256) {

    /**
     * What {@link ModelRepository#verifyCache()} found for one model. Immutable and thread-safe.
     */
    public enum Status {
        /** The cached file's SHA-256 matches the catalog. */
        OK,
        /** The cached file's SHA-256 differs from the catalog; the file was deleted from the cache. */
        MISMATCH,
        /** The model is not in the cache. */
        MISSING
    }

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException when {@code actualSha256} is absent for a found file or present for a
     *     missing one
     */
    public CacheVerification {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        if ((status == Status.MISSING) != (actualSha256 == null)) {
            throw new IllegalArgumentException("A cache verification has an actual SHA-256 exactly when the file "
                    + "was found; status " + status + " with actualSha256 " + actualSha256 + ".");
        }
    }

    /**
     * Whether the model is cached and intact.
     *
     * @return {@code status() == Status.OK}
     */
    public boolean ok() {
        return status == Status.OK;
    }

    /**
     * One line for people, for example {@code "OK        yunet-2023mar  /home/me/.fer/models/face...onnx"}.
     *
     * @return a description of this result
     */
    public String describe() {
        return switch (status) {
            case OK -> String.format("%-9s %-24s %s", "OK", entry.id(), path);
            case MISSING -> String.format("%-9s %-24s %s (not downloaded)", "MISSING", entry.id(), path);
            case MISMATCH -> String.format("%-9s %-24s %s had SHA-256 %s, expected %s; deleted", "MISMATCH",
                    entry.id(), path, actualSha256, entry.sha256());
        };
    }
}
