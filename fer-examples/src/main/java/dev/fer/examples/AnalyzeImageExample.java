package dev.fer.examples;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import dev.fer.result.FaceAnalysis;
import java.io.File;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Copy me: finds the faces in one photo, prints each face's box and dominant emotion, and saves an annotated copy.
 * Usage: {@code AnalyzeImageExample photo.jpg [annotated.png]}.
 */
public final class AnalyzeImageExample {
    private AnalyzeImageExample() {
    }

    /**
     * Runs the example.
     *
     * @param args the photo, and optionally where to save the annotated copy
     * @throws Exception when the photo cannot be read or the copy cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path photo = Path.of(args[0]);
        // The defaults: detector yunet-dynamic (score threshold 0.6, input sized to the frame for faces of at least
        // 20 px) and classifier fer-mini-xception, on the CPU.
        // Models come from ~/.fer/models (downloaded once, SHA-256 checked).
        try (EmotionPipeline pipeline = EmotionPipeline.createDefault()) {
            FerImage image = Images.read(photo);
            AnalysisResult result = pipeline.analyze(image);
            System.out.println(result.faces().size() + " face(s) in " + photo);
            for (FaceAnalysis face : result.faces()) {
                BoundingBox box = face.detection().box();
                Emotion emotion = face.dominant().orElseThrow();
                System.out.printf("  [%.0f, %.0f, %.0f, %.0f]  %s %.0f%%%n", box.x1(), box.y1(), box.x2(), box.y2(),
                        emotion.jsonName(), 100 * face.emotions().orElseThrow().probability(emotion));
            }
            if (args.length > 1) {
                ImageIO.write(Annotator.annotate(image, result), "png", new File(args[1]));
            }
        }
    }
}
