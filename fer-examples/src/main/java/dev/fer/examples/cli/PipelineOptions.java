package dev.fer.examples.cli;

import dev.fer.Device;
import dev.fer.EmotionPipeline;
import dev.fer.ProviderUnavailableException;
import java.util.Optional;

/**
 * The options every analysing command shares ({@code --detector}, {@code --classifier}, {@code --device},
 * {@code --threads}, {@code --score}) and the pipeline they describe; {@link PipelineArgs} reads them from the
 * command line.
 *
 * <p>When the detector is the default YuNet and {@code --score} is not given, the score threshold is
 * {@value #DEFAULT_YUNET_SCORE} instead of YuNet's upstream 0.9, which misses real faces (on the shared test clip,
 * 0.9 finds 2 to 4 of 5 faces; 0.6 finds all 5 and nothing else).
 *
 * @param detector detector id
 * @param classifier classifier id, or empty for detection only
 * @param device where models run
 * @param threads intra-op threads per model, 0 for the backend default
 * @param score score threshold, or empty for the model's default
 */
public record PipelineOptions(String detector, Optional<String> classifier, Device device, int threads,
                              Optional<Float> score) {
    /** Score threshold used with the default YuNet detector when {@code --score} is not given. */
    public static final float DEFAULT_YUNET_SCORE = 0.6f;

    /**
     * The score threshold the pipeline will use, if this class chooses one.
     *
     * @return {@code --score}, or {@value #DEFAULT_YUNET_SCORE} for the default YuNet, or empty
     */
    public Optional<Float> effectiveScore() {
        if (score.isPresent()) {
            return score;
        }
        return detector.equals(EmotionPipeline.DEFAULT_DETECTOR) ? Optional.of(DEFAULT_YUNET_SCORE)
                : Optional.empty();
    }

    /**
     * A copy with another thread count when none was given on the command line.
     *
     * @param fallback threads per model to use when {@code --threads} was absent
     * @return the options
     */
    public PipelineOptions withDefaultThreads(int fallback) {
        return threads > 0 ? this : new PipelineOptions(detector, classifier, device, fallback, score);
    }

    /**
     * A builder preset with these options; add more settings or call {@code build()}.
     *
     * @return the builder
     */
    public EmotionPipeline.Builder builder() {
        EmotionPipeline.Builder b = EmotionPipeline.builder().detector(detector).device(device).threads(threads);
        classifier.ifPresentOrElse(b::classifier, b::noClassifier);
        effectiveScore().ifPresent(b::scoreThreshold);
        return b;
    }

    /**
     * Builds the pipeline (resolving and loading the models).
     *
     * @return a new pipeline; close it
     */
    public EmotionPipeline build() {
        try {
            return builder().build();
        } catch (ProviderUnavailableException e) {
            throw new ProviderUnavailableException(forCommandLine(e.getMessage()), e);
        }
    }

    /**
     * A provider message with the API's advice ({@code Device.CPU}, {@code Device.AUTO}) replaced by the options
     * that do the same on the command line.
     *
     * @param message the library's message
     * @return the message for a CLI user
     */
    static String forCommandLine(String message) {
        String m = message == null ? "" : message;
        int advice = m.indexOf("Otherwise choose Device.CPU");
        if (advice >= 0) {
            m = m.substring(0, advice).strip();
        }
        return m + " Otherwise run with --device cpu, or --device auto to fall back to the CPU when CUDA is "
                + "unavailable.";
    }
}
