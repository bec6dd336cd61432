package dev.fer.model;

/**
 * One source (mirror file, mirror URL or upstream URL) that could not supply a model; collected by
 * {@link ModelRepository} so that, when every source fails, the final error lists them all. Immutable; confined
 * to the resolving thread.
 */
final class FetchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean integrity;

    /**
     * Creates a failure.
     *
     * @param message what went wrong with this source, as a clause (no leading capital, no full stop)
     * @param integrity whether the source delivered bytes that failed verification (wrong hash or size)
     */
    FetchFailure(String message, boolean integrity) {
        super(message, null, false, false);
        this.integrity = integrity;
    }

    /**
     * Whether the source delivered bytes that failed verification.
     *
     * @return {@code true} for a hash or size mismatch
     */
    boolean integrity() {
        return integrity;
    }
}
