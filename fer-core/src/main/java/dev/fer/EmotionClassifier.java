package dev.fer;

import dev.fer.image.FerImage;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.ModelProvenance;
import java.util.List;
import java.util.Set;

/**
 * Estimates the emotion probabilities of faces.
 *
 * <p><b>Thread safety:</b> implementations are safe to share across threads; every method may be called
 * concurrently. {@link #close()} is idempotent, waits for calls in flight, and any call after it throws
 * {@link IllegalStateException}.
 */
public interface EmotionClassifier extends AutoCloseable {
    /**
     * The classes this model predicts; {@link EmotionScores} it returns have exactly these keys.
     *
     * @return the supported classes
     */
    Set<Emotion> classes();

    /**
     * Classifies one face of an image. The face is aligned with its landmarks when the model wants aligned faces
     * and the detection has them, otherwise cropped square around its box (pixels outside the image are black).
     *
     * @param image the whole image
     * @param face the face, in {@code image}'s pixels
     * @return the class probabilities
     */
    default EmotionScores classify(FerImage image, Detection face) {
        return classifyAll(image, List.of(face)).get(0);
    }

    /**
     * Classifies all faces of one image, in one model run where the model accepts a batch.
     *
     * @param image the whole image
     * @param faces the faces, in {@code image}'s pixels
     * @return one result per face, in the same order
     */
    List<EmotionScores> classifyAll(FerImage image, List<Detection> faces);

    /**
     * Classifies the faces of many images, batching faces across images where the model accepts a batch (what
     * {@link EmotionPipeline#analyzeAll} uses). The default classifies image by image with {@link #classifyAll}.
     *
     * @param images the images
     * @param faces for each image, its faces (same size and order as {@code images})
     * @return for each image, one result per face, in the same order
     * @throws IllegalArgumentException when the two lists differ in size
     */
    default List<List<EmotionScores>> classifyBatch(List<FerImage> images, List<List<Detection>> faces) {
        if (images.size() != faces.size()) {
            throw new IllegalArgumentException("classifyBatch needs one face list per image, got " + images.size()
                    + " images and " + faces.size() + " face lists.");
        }
        List<List<EmotionScores>> out = new java.util.ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(faces.get(i).isEmpty() ? List.of() : classifyAll(images.get(i), faces.get(i)));
        }
        return out;
    }

    /**
     * Classifies an image that is already a face crop: the whole image is resized to the model input.
     *
     * @param face a face crop
     * @return the class probabilities
     */
    EmotionScores classifyCropped(FerImage face);

    /**
     * Whether this classifier aligns the face with its five landmarks when the detection has them.
     *
     * @return {@code true} for landmark-aligned models such as MobileFaceNet
     */
    boolean alignsWithLandmarks();

    /**
     * Which model this classifier runs.
     *
     * @return id, file hash and provider
     */
    ModelProvenance provenance();

    /** Releases native resources; idempotent; waits for calls in flight. */
    @Override
    void close();
}
