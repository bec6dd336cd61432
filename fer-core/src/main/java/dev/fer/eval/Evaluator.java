package dev.fer.eval;

import dev.fer.Emotion;
import dev.fer.EmotionClassifier;
import dev.fer.EmotionPipeline;
import dev.fer.ImageDecodeException;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Evaluates a pipeline on a {@link LabeledDataset}, in one of two modes: {@link Mode#FULL_PHOTO} (detect, then
 * classify the highest-scoring face; images without a face are counted and reported) or {@link Mode#CROPPED} (each
 * image is already a face and is classified whole). Deterministic: the same pipeline and dataset give the same
 * numbers.
 *
 * <p>Stateless and thread-safe.
 */
public final class Evaluator {
    /** How the dataset's images are used. */
    public enum Mode {
        /** Detect faces and classify the top one. */
        FULL_PHOTO,
        /** The whole image is the face. */
        CROPPED
    }

    private Evaluator() {
    }

    /**
     * Evaluates without progress reporting.
     *
     * @param pipeline a pipeline with a classifier
     * @param dataset the dataset
     * @param mode full photos or cropped faces
     * @return the report
     */
    public static EvaluationReport evaluate(EmotionPipeline pipeline, LabeledDataset dataset, Mode mode) {
        return evaluate(pipeline, dataset, mode, (i, s) -> { });
    }

    /**
     * Evaluates, calling {@code progress} after each image with the number done and the sample.
     *
     * @param pipeline a pipeline with a classifier
     * @param dataset the dataset
     * @param mode full photos or cropped faces
     * @param progress called after each image
     * @return the report
     * @throws IllegalArgumentException when the pipeline has no classifier
     * @throws ImageDecodeException when an image cannot be read; the message names its path
     */
    public static EvaluationReport evaluate(EmotionPipeline pipeline, LabeledDataset dataset, Mode mode,
                                            BiConsumer<Integer, LabeledDataset.Sample> progress) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(mode, "mode");
        EmotionClassifier classifier = pipeline.classifier().orElseThrow(() -> new IllegalArgumentException(
                "Evaluation needs a pipeline with an emotion classifier; this one only detects faces."));
        Map<Emotion, Integer> support = new EnumMap<>(Emotion.class);
        Map<Emotion, Map<Emotion, Integer>> confusion = new EnumMap<>(Emotion.class);
        List<String> noFaceFiles = new ArrayList<>();
        int correct = 0;
        int done = 0;
        for (LabeledDataset.Sample s : dataset.samples()) {
            support.merge(s.label(), 1, Integer::sum);
            Emotion predicted;
            if (mode == Mode.CROPPED) {
                FerImage face = Images.read(s.file());
                predicted = classifier.classifyCropped(face).dominant();
            } else {
                AnalysisResult r = pipeline.analyze(s.file());
                predicted = r.faces().isEmpty() ? null : r.faces().get(0).dominant().orElse(null);
                if (r.faces().isEmpty()) {
                    noFaceFiles.add(s.file().toString());
                }
            }
            if (predicted != null) {
                confusion.computeIfAbsent(s.label(), k -> new EnumMap<>(Emotion.class)).merge(predicted, 1,
                        Integer::sum);
                if (predicted == s.label()) {
                    correct++;
                }
            }
            progress.accept(++done, s);
        }
        EnumSet<Emotion> unsupported = EnumSet.allOf(Emotion.class);
        unsupported.removeAll(classifier.classes());
        return new EvaluationReport(dataset.samples().size(), noFaceFiles.size(), correct, support, confusion,
                unsupported, noFaceFiles);
    }
}
