package dev.fer.result;

import java.util.Objects;

/**
 * Which model produced a result: its catalog id (or a user label), the SHA-256 of the file that was loaded and the
 * execution provider that ran it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id catalog id or user-given name
 * @param sha256 lowercase hex SHA-256 of the model bytes
 * @param provider execution provider actually used, for example {@code CPU} or {@code CUDA:0}
 */
public record ModelProvenance(String id, String sha256, String provider) {
    /** Validates the fields. */
    public ModelProvenance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(provider, "provider");
    }
}
