package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.examples.Cli;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    /** Builds DIR/label/file from the shared labels.csv; returns each copied file with its label. */
    private static Map<Path, Emotion> dataset(Path dir) throws Exception {
        Path labeled = SharedAssets.image("labeled/labels.csv").getParent();
        Map<Path, Emotion> files = new java.util.LinkedHashMap<>();
        List<String> lines = Files.readAllLines(labeled.resolve("labels.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Emotion label = Emotion.parse(f[1]);
            Path target = Files.createDirectories(dir.resolve(label.jsonName())).resolve(f[0]);
            Files.copy(labeled.resolve(f[0]), target);
            files.put(target, label);
        }
        return files;
    }

    @Test
    void json_holdsTheNumbersOfWhatThePipelinePredicts(@TempDir Path tmp) throws Exception {
        Map<Path, Emotion> files = dataset(tmp.resolve("ds"));
        assertThat(files).hasSize(5);
        Path json = Files.createDirectories(tmp.resolve("report")).resolve("eval.json");

        Cli.Result r = Cli.run("evaluate", tmp.resolve("ds").toString(), "--json", json.toString()).ok();
        assertThat(r.out()).contains("class", "macro", "overall", "confusion");

        // What the same pipeline predicts for each image's top face.
        Map<Emotion, Map<Emotion, Integer>> expected = new EnumMap<>(Emotion.class);
        int correct = 0;
        try (EmotionPipeline p = EmotionPipeline.builder().scoreThreshold(0.6f).build()) {
            for (Map.Entry<Path, Emotion> e : files.entrySet()) {
                var faces = p.analyze(e.getKey()).faces();
                assertThat(faces).as("a face in %s", e.getKey()).isNotEmpty();
                Emotion predicted = faces.get(0).dominant().orElseThrow();
                expected.computeIfAbsent(e.getValue(), k -> new EnumMap<>(Emotion.class)).merge(predicted, 1,
                        Integer::sum);
                correct += predicted == e.getValue() ? 1 : 0;
            }
        }

        Object doc = Json.parse(Files.readString(json));
        assertThat(Json.map(doc).keySet()).containsExactly("n", "no_face", "overall", "macro", "per_class",
                "confusion", "unsupported_classes");
        assertThat(Json.num(doc, "n")).isEqualTo(5);
        assertThat(Json.num(doc, "no_face")).isZero();
        assertThat(Json.num(doc, "overall")).isCloseTo(correct / 5.0, within(1e-6));
        Map<String, Object> perClass = Json.map(doc, "per_class");
        assertThat(perClass.keySet()).containsExactly("angry", "happy", "neutral", "sad", "surprise");
        double macro = 0;
        for (Emotion label : List.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD, Emotion.SURPRISE)) {
            // One image per label: its accuracy is 1 when the prediction matches, else 0.
            double acc = expected.get(label).getOrDefault(label, 0);
            assertThat(Json.num(doc, "per_class", label.jsonName())).as(label.jsonName()).isEqualTo(acc);
            macro += acc / 5;
            for (Emotion predicted : List.of(Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPY,
                    Emotion.NEUTRAL, Emotion.SAD, Emotion.SURPRISE)) {
                assertThat(Json.num(doc, "confusion", label.jsonName(), predicted.jsonName()))
                        .as("confusion %s -> %s", label, predicted)
                        .isEqualTo(expected.get(label).getOrDefault(predicted, 0).doubleValue());
            }
        }
        assertThat(Json.num(doc, "macro")).isCloseTo(macro, within(1e-6));
        assertThat(Json.list(doc, "unsupported_classes")).containsExactly("contempt");

        BufferedImage png = ImageIO.read(tmp.resolve("report/eval.png").toFile());
        assertThat(png.getWidth()).isGreaterThan(300);
    }

    @Test
    void cropped_classifiesWholeImages() throws Exception {
        Path dir = Files.createTempDirectory("fer-eval-cropped");
        try {
            dataset(dir);
            Cli.Result r = Cli.run("evaluate", "--cropped", dir.toString()).ok();
            assertThat(r.out()).contains("cropped faces").containsPattern("overall\\s+5\\s");
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void folderThatIsNotALabel_isAUsageError(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("grumpy"));
        Files.copy(SharedAssets.image("single/obama.jpg"), tmp.resolve("grumpy/x.jpg"));
        assertThat(Cli.run("evaluate", tmp.toString()).usageError()).contains("grumpy");
    }

    @Test
    void withoutClassifier_isAUsageError(@TempDir Path tmp) {
        assertThat(Cli.run("evaluate", "--classifier", "none", tmp.toString()).usageError())
                .contains("needs an emotion classifier");
    }

    @Test
    void flatFolderWithLabelsCsv_isEvaluatedLikeTheFolderPerLabelLayout(@TempDir Path tmp) throws Exception {
        Path flat = SharedAssets.image("labeled/labels.csv").getParent();
        Cli.Result r = Cli.run("evaluate", "--cropped", flat.toString()).ok();
        dataset(tmp.resolve("ds"));
        Cli.Result same = Cli.run("evaluate", "--cropped", tmp.resolve("ds").toString()).ok();
        assertThat(r.out()).contains("5 images");
        // The same five images with the same labels give the same table.
        assertThat(r.out().lines().skip(1).toList()).isEqualTo(same.out().lines().skip(1).toList());
    }

    @Test
    void tiffDataset_isEvaluated(@TempDir Path tmp) throws Exception {
        for (Map.Entry<Path, Emotion> e : dataset(tmp.resolve("jpg")).entrySet()) {
            Path tif = Files.createDirectories(tmp.resolve("tif").resolve(e.getValue().jsonName()))
                    .resolve(e.getKey().getFileName().toString().replaceAll("\\.[a-z]+$", ".tif"));
            assertThat(ImageIO.write(ImageIO.read(e.getKey().toFile()), "tiff", tif.toFile())).isTrue();
        }
        Cli.Result r = Cli.run("evaluate", "--cropped", tmp.resolve("tif").toString()).ok();
        assertThat(r.out()).contains("5 images").doesNotContain("holds no images");
    }

    @Test
    void help_namesBothLayoutsAndTheSupportedFormats() {
        assertThat(Cli.run("evaluate", "--help").ok().out()).contains("labels.csv", "TIFF", ".tiff");
    }

    @Test
    void jsonOntoAnImageOfTheDataset_isRefused(@TempDir Path tmp) throws Exception {
        Map<Path, Emotion> files = dataset(tmp.resolve("ds"));
        Path image = files.keySet().iterator().next();
        Path json = image.resolveSibling(image.getFileName().toString().replaceAll("\\.[a-z]+$", ".json"));
        // eval.json is new, but its picture would replace the image of the same name: refused too.
        Path png = Files.copy(image, image.resolveSibling("x.png"));
        byte[] before = Files.readAllBytes(png);
        assertThat(Cli.run("evaluate", tmp.resolve("ds").toString(), "--json", image.toString()).usageError())
                .contains("would destroy");
        assertThat(Cli.run("evaluate", tmp.resolve("ds").toString(), "--json", png.resolveSibling("x.json")
                .toString()).usageError()).contains("x.png", "would destroy");
        assertThat(Files.readAllBytes(png)).isEqualTo(before);
        assertThat(json).doesNotExist();
    }
}
