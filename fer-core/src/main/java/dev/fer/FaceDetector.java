package dev.fer;

import dev.fer.image.FerImage;
import dev.fer.result.Detection;
import dev.fer.result.ModelProvenance;
import java.util.List;

/**
 * Finds faces in an image.
 *
 * <p><b>Thread safety:</b> implementations are safe to share across threads; {@link #detect(FerImage)} may be
 * called concurrently. {@link #close()} is idempotent, waits for calls in flight, and any call after it throws
 * {@link IllegalStateException}.
 */
public interface FaceDetector extends AutoCloseable {
    /**
     * Detects the faces in an image.
     *
     * @param image the image, any size and pixel format
     * @return faces sorted by descending score, boxes and landmarks in original-image pixels; empty when there
     *     are none
     * @throws IllegalStateException when the detector is closed
     * @throws InferenceException when the runtime fails
     */
    List<Detection> detect(FerImage image);

    /**
     * Which model this detector runs.
     *
     * @return id, file hash and provider
     */
    ModelProvenance provenance();

    /** Releases native resources; idempotent; waits for calls in flight. */
    @Override
    void close();
}
