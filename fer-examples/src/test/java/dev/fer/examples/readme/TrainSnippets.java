package dev.fer.examples.readme;

import dev.fer.EmotionPipeline;
import dev.fer.eval.LabeledDataset;
import dev.fer.onnx.FittedHead;
import dev.fer.train.FeatureSet;
import dev.fer.train.HeadFitter;
import dev.fer.train.TrainingOptions;
import java.nio.file.Path;

/**
 * The Java block of README.md's "Train on your own faces" section as compiled code, checked line by line by
 * {@link ReadmeSnippetsTest}. Never run (it would load models and need a data set); compiling is the point.
 */
@SuppressWarnings("unused")
final class TrainSnippets {
    private TrainSnippets() {
    }

    static void trainOnYourOwnFaces(Path dir) {
        // tag::train[]
        TrainingOptions options = TrainingOptions.builder().cropped(true).flip(true).build();     // dev.fer:fer-train
        try (HeadFitter fitter = HeadFitter.create(options)) {
            // dir: DIR/<label>/*.png, or a flat folder with labels.csv (file,label)
            FeatureSet set = fitter.extract(LabeledDataset.scan(dir).samples(), dir);   // embeddings, once
            System.out.print(fitter.crossValidate(set, 10, "^(S\\d+)_").report().toTable());
            fitter.fit(set).write(Path.of("my.ferhead"));
        }
        try (FittedHead head = FittedHead.load(Path.of("my.ferhead"));                 // dev.fer:fer-onnx only
             EmotionPipeline pipeline = EmotionPipeline.builder().classifier(head).build()) {
            pipeline.analyze(Path.of("photo.jpg"));
        }
        // end::train[]
    }
}
