package dev.fer.spi;

import dev.fer.EmotionClassifier;
import dev.fer.FaceDetector;

/**
 * A runtime that creates detectors and classifiers from catalog ids, found with {@link java.util.ServiceLoader}.
 * fer-onnx provides the ONNX Runtime backend; put it on the class path (or module path) and
 * {@link dev.fer.EmotionPipeline#builder()} can build pipelines by id.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ModelBackend {
    /**
     * A short name for messages, for example {@code "onnxruntime"}.
     *
     * @return the name
     */
    String name();

    /**
     * Whether this backend can create a detector with this id.
     *
     * @param id catalog id
     * @return {@code true} when supported
     */
    boolean supportsDetector(String id);

    /**
     * Whether this backend can create a classifier with this id.
     *
     * @param id catalog id
     * @return {@code true} when supported
     */
    boolean supportsClassifier(String id);

    /**
     * Creates a detector; the caller owns and closes it.
     *
     * @param request what to create
     * @return a new detector
     */
    FaceDetector createDetector(DetectorRequest request);

    /**
     * Creates a classifier; the caller owns and closes it.
     *
     * @param request what to create
     * @return a new classifier
     */
    EmotionClassifier createClassifier(ClassifierRequest request);
}
