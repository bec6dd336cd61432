package dev.fer.spi;

import dev.fer.Device;
import dev.fer.model.ModelRepository;
import java.util.Objects;

/**
 * What {@link dev.fer.EmotionPipeline.Builder} asks a {@link ModelBackend} for when it needs a classifier by id.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id catalog id of the classifier
 * @param device where to run it
 * @param threads intra-op threads, 0 for the backend default
 * @param repository where to resolve the model file
 */
public record ClassifierRequest(String id, Device device, int threads, ModelRepository repository) {
    /** Validates the fields. */
    public ClassifierRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(repository, "repository");
    }
}
