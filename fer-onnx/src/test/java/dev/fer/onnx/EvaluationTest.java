package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.ImageDecodeException;
import dev.fer.eval.EvaluationReport;
import dev.fer.eval.Evaluator;
import dev.fer.eval.LabeledDataset;
import dev.fer.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation API on a folder dataset built from the five labeled smoke images. */
class EvaluationTest {
    @TempDir
    Path tmp;

    private Path dataset() throws IOException {
        Path root = tmp.resolve("smoke");
        for (String line : Files.readAllLines(SharedAssets.image("labeled/labels.csv")).subList(1, 6)) {
            String[] f = line.split(",");
            Path dir = Files.createDirectories(root.resolve(f[1]));
            Files.copy(SharedAssets.image("labeled/" + f[0]), dir.resolve(f[0]));
        }
        return root;
    }

    private EmotionPipeline pipeline(String classifier) {
        return EmotionPipeline.builder().classifier(classifier).modelRepository(TestRepos.shared()).build();
    }

    @Test
    void fullPhotos_miniXception_getsAllFiveSmokeImagesRight() throws IOException {
        LabeledDataset ds = LabeledDataset.scan(dataset());
        try (EmotionPipeline p = pipeline("fer-mini-xception")) {
            EvaluationReport r = Evaluator.evaluate(p, ds, Evaluator.Mode.FULL_PHOTO);
            System.out.println("mini-xception, full photos:\n" + r.toTable());
            assertThat(r.n()).isEqualTo(5);
            assertThat(r.noFace()).isZero();
            assertThat(r.correct()).isEqualTo(5);
            assertThat(r.overall()).isEqualTo(1.0);
            assertThat(r.macro()).isEqualTo(1.0);
            assertThat(r.unsupportedClasses()).containsExactly(Emotion.CONTEMPT);
            assertThat(r.count(Emotion.SURPRISE, Emotion.SURPRISE)).isEqualTo(1);
            EvaluationReport again = Evaluator.evaluate(p, ds, Evaluator.Mode.FULL_PHOTO);
            assertThat(again).isEqualTo(r);
        }
    }

    @Test
    void fullPhotos_mobileFaceNet_missesOnlyAngryWhichGoesToDisgust() throws IOException {
        LabeledDataset ds = LabeledDataset.scan(dataset());
        try (EmotionPipeline p = pipeline("fer-mobilefacenet-int8")) {
            EvaluationReport r = Evaluator.evaluate(p, ds, Evaluator.Mode.FULL_PHOTO);
            System.out.println("mobilefacenet-int8, full photos:\n" + r.toTable());
            assertThat(r.correct()).isEqualTo(4);
            assertThat(r.count(Emotion.ANGRY, Emotion.DISGUST)).isEqualTo(1);
            assertThat(r.accuracy(Emotion.ANGRY)).isZero();
            assertThat(r.accuracy(Emotion.HAPPY)).isEqualTo(1.0);
            assertThat(r.macro()).isEqualTo(0.8);
            assertThat(r.toTable()).contains("angry").contains("contempt");
        }
    }

    @Test
    void cropped_classifiesWholeImages() throws IOException {
        LabeledDataset ds = LabeledDataset.scan(dataset());
        try (EmotionPipeline p = pipeline("fer-mini-xception")) {
            EvaluationReport r = Evaluator.evaluate(p, ds, Evaluator.Mode.CROPPED);
            System.out.println("mini-xception, whole images as crops:\n" + r.toTable());
            // Reference whole-image mode: angry -> sad, surprised -> happy, the other three right.
            assertThat(r.correct()).isEqualTo(3);
            assertThat(r.count(Emotion.ANGRY, Emotion.SAD)).isEqualTo(1);
            assertThat(r.count(Emotion.SURPRISE, Emotion.HAPPY)).isEqualTo(1);
        }
    }

    @Test
    void noFaceImages_areCountedAsMissesAndListed() throws IOException {
        Path root = dataset();
        Files.copy(SharedAssets.image("noface/coffee.png"), root.resolve("happy").resolve("coffee.png"));
        try (EmotionPipeline p = pipeline("fer-mini-xception")) {
            EvaluationReport r = Evaluator.evaluate(p, LabeledDataset.scan(root), Evaluator.Mode.FULL_PHOTO);
            assertThat(r.n()).isEqualTo(6);
            assertThat(r.noFace()).isEqualTo(1);
            assertThat(r.noFaceFiles()).singleElement().asString().endsWith("coffee.png");
            assertThat(r.accuracy(Emotion.HAPPY)).isEqualTo(0.5);
            assertThat(r.toTable()).contains("no face found in 1 of 6 images");
        }
    }

    @Test
    void badDatasets_giveClearErrorsNamingThePath() throws IOException {
        Path unknown = Files.createDirectories(tmp.resolve("bad").resolve("joyful"));
        Files.write(unknown.resolve("x.jpg"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> LabeledDataset.scan(tmp.resolve("bad")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("joyful")
                .hasMessageContaining("not an emotion label");
        Path empty = Files.createDirectories(tmp.resolve("empty").resolve("happy"));
        assertThatThrownBy(() -> LabeledDataset.scan(empty.getParent()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no images");
        assertThatThrownBy(() -> LabeledDataset.scan(tmp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        Path broken = Files.createDirectories(tmp.resolve("broken").resolve("anger"));
        Files.write(broken.resolve("x.jpg"), "not a jpeg".getBytes());
        LabeledDataset ds = LabeledDataset.scan(broken.getParent());
        assertThat(ds.samples()).singleElement().extracting(LabeledDataset.Sample::label).isEqualTo(Emotion.ANGRY);
        try (EmotionPipeline p = pipeline("fer-mini-xception")) {
            assertThatThrownBy(() -> Evaluator.evaluate(p, ds, Evaluator.Mode.FULL_PHOTO))
                    .isInstanceOf(ImageDecodeException.class).hasMessageContaining("x.jpg");
        }
    }
}
