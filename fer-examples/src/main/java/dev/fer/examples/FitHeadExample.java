package dev.fer.examples;

import dev.fer.EmotionPipeline;
import dev.fer.eval.LabeledDataset;
import dev.fer.onnx.FittedHead;
import dev.fer.onnx.HeadModel;
import dev.fer.train.FeatureSet;
import dev.fer.train.HeadFitter;
import dev.fer.train.TrainingOptions;
import java.nio.file.Path;

/**
 * Copy me: fits an emotion head on your own labeled face crops ({@code DIR/<label>/*.png}, any of the 8 emotions
 * including contempt), cross-validates it with folds grouped by subject, saves it, and uses it in a pipeline.
 * Usage: {@code FitHeadExample DIR GROUP_REGEX OUT.ferhead IMAGE}, for CK+ {@code '^(S\d+)_'}.
 */
public final class FitHeadExample {
    private FitHeadExample() {
    }

    /**
     * Runs the example.
     *
     * @param args the crops folder, the subject pattern, the head file to write and a photo to analyze
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        TrainingOptions options = TrainingOptions.builder().cropped(true).flip(true).build();
        try (HeadFitter fitter = HeadFitter.create(options)) {
            FeatureSet set = fitter.extract(LabeledDataset.scan(dir).samples(), dir);   // embeddings, once
            System.out.print(fitter.crossValidate(set, 5, args[1]).report().toTable());
            HeadModel head = fitter.fit(set);                                             // on every image
            head.write(Path.of(args[2]));
        }
        try (FittedHead head = FittedHead.load(Path.of(args[2]));                        // needs fer-onnx only
             EmotionPipeline pipeline = EmotionPipeline.builder().classifier(head).build()) {
            System.out.println(pipeline.analyze(Path.of(args[3])).faces().get(0).dominant().orElseThrow().jsonName());
        }
    }
}
