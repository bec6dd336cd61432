package dev.fer.examples;

import dev.fer.EmotionPipeline;
import dev.fer.eval.EvaluationReport;
import dev.fer.eval.Evaluator;
import dev.fer.eval.LabeledDataset;
import java.nio.file.Path;

/**
 * Copy me: measures accuracy on a folder-per-label dataset ({@code DIR/happy/*.jpg}, {@code DIR/sad/*.jpg}, ...)
 * and prints the per-class table and the confusion matrix. Usage: {@code EvaluateDatasetExample DIR}.
 */
public final class EvaluateDatasetExample {
    private EvaluateDatasetExample() {
    }

    /**
     * Runs the example.
     *
     * @param args the dataset folder
     */
    public static void main(String[] args) {
        LabeledDataset dataset = LabeledDataset.scan(Path.of(args[0]));
        try (EmotionPipeline pipeline = EmotionPipeline.createDefault()) {
            // FULL_PHOTO: detect, classify the top face; CROPPED: every image is already a face.
            EvaluationReport report = Evaluator.evaluate(pipeline, dataset, Evaluator.Mode.FULL_PHOTO);
            System.out.print(report.toTable());
        }
    }
}
