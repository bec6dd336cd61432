package dev.fer.spi;

import dev.fer.Device;
import dev.fer.model.ModelRepository;
import java.util.Objects;

/**
 * What {@link dev.fer.EmotionPipeline.Builder} asks a {@link ModelBackend} for when it needs a detector by id.
 * Optional settings are {@code null} when the user left them at the model's upstream default.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id catalog id of the detector
 * @param device where to run it
 * @param threads intra-op threads, 0 for the backend default
 * @param repository where to resolve the model file
 * @param scoreThreshold minimum face score, or {@code null}
 * @param nmsThreshold NMS IoU threshold, or {@code null}
 * @param maxFaces most faces reported, or {@code null}
 * @param minFaceSize smallest face side in original pixels, or {@code null}
 */
public record DetectorRequest(String id, Device device, int threads, ModelRepository repository,
                              Float scoreThreshold, Float nmsThreshold, Integer maxFaces, Float minFaceSize) {
    /** Validates the fields. */
    public DetectorRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(repository, "repository");
    }
}
