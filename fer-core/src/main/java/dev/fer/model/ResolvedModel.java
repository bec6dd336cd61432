package dev.fer.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file that {@link ModelRepository} found or fetched and whose SHA-256 matched its entry. Immutable and
 * thread-safe.
 *
 * @param entry the catalog (or caller's) entry the file was verified against
 * @param path the verified file: the explicit file the caller named, or the file in the cache directory
 * @param sha256 the file's SHA-256 in lower-case hex, equal to {@code entry().sha256()}
 * @param source where the file came from on this call
 */
public record ResolvedModel(ModelEntry entry, Path path, String sha256, Source source) {

    /**
     * Where a resolved model file came from. Immutable and thread-safe.
     */
    public enum Source {
        /** A file the caller named with {@link ModelRepository.Builder#file(String, Path)}. */
        EXPLICIT,
        /** Already in the cache directory. */
        CACHE,
        /** Copied or downloaded from the configured mirror into the cache on this call. */
        MIRROR,
        /** Downloaded from one of the entry's upstream URLs into the cache on this call. */
        DOWNLOAD
    }

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException when the hash differs from the entry's
     */
    public ResolvedModel {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        if (!sha256.equals(entry.sha256())) {
            throw new IllegalArgumentException("A resolved model must carry its entry's SHA-256: model '"
                    + entry.id() + "' expects " + entry.sha256() + ", got " + sha256 + ".");
        }
    }

    /**
     * The model id.
     *
     * @return {@code entry().id()}
     */
    public String id() {
        return entry.id();
    }
}
