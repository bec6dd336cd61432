package dev.fer.result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one analysis found in one image.
 *
 * <p>Immutable and thread-safe.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param faces faces sorted by descending detector score
 * @param timings time per stage
 * @param detector provenance of the detector
 * @param classifier provenance of the classifier, or empty when none ran
 */
public record AnalysisResult(int width, int height, List<FaceAnalysis> faces, Timings timings,
                             ModelProvenance detector, Optional<ModelProvenance> classifier) {
    /** Validates and copies the fields. */
    public AnalysisResult {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height + ".");
        }
        faces = List.copyOf(faces);
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(classifier, "classifier (use Optional.empty() when no classifier ran)");
    }

    /**
     * A copy with other timings.
     *
     * @param newTimings the timings
     * @return the copy
     */
    public AnalysisResult withTimings(Timings newTimings) {
        return new AnalysisResult(width, height, faces, newTimings, detector, classifier);
    }
}
