package dev.fer.examples.readme;

// tag::quick-start[]
import dev.fer.EmotionPipeline;
import dev.fer.result.*;
import java.nio.file.Path;
// end::quick-start[]
import dev.fer.Device;

/**
 * The Java snippets of README.md as compiled code: the build compiles this file, and {@link ReadmeSnippetsTest}
 * checks that each README block shows exactly the lines between its {@code // tag::NAME[]} and
 * {@code // end::NAME[]} markers. The methods are never run (they would load models); compiling is the point.
 */
@SuppressWarnings("unused")
final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    static void quickStart() {
        // tag::quick-start[]
        try (EmotionPipeline pipeline = EmotionPipeline.createDefault()) {       // thread-safe: share it
            AnalysisResult result = pipeline.analyze(Path.of("group.jpg"));
            for (FaceAnalysis face : result.faces()) {                            // sorted by detector score
                System.out.printf("%s %s %.2f%n", face.detection().box(),
                        face.dominant().orElseThrow(), face.emotions().orElseThrow().dominantProbability());
            }
        }
        // end::quick-start[]
    }

    static EmotionPipeline builder() {
        // tag::builder[]
        EmotionPipeline pipeline = EmotionPipeline.builder()
                .detector("retinaface-mnet025")
                .classifier("fer-mini-xception")
                .device(Device.AUTO)           // CUDA when it works, otherwise CPU
                .maxFaces(20)
                .build();
        // end::builder[]
        return pipeline;
    }
}
