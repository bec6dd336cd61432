package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.Emotion;
import dev.fer.examples.Cli;
import dev.fer.onnx.HeadModel;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import dev.fer.train.GeneratedFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}, {@code crossval} and {@code --classifier FILE} on crops generated from the labeled photos. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainCommandTest {
    @TempDir
    static Path tmp;
    private Path data;
    private Path head;

    @BeforeAll
    void train() throws Exception {
        data = tmp.resolve("crops");
        GeneratedFaces.write(data, GeneratedFaces.grid(6), 0, 96);
        head = tmp.resolve("heads/mine.ferhead");
        Files.createDirectories(head.getParent());     // the CLI never creates output folders
        Cli.Result r = Cli.run("train", data.toString(), "--cropped", "--flip", "--out", head.toString()).ok();
        assertThat(r.out()).contains("30 images (cropped faces)", "fitted a logistic head on 60 examples of 2560 "
                + "values", "wrote " + head);
    }

    @Test
    void train_writesAHeadThatEvaluateAndAnalyzeUse() {
        HeadModel h = HeadModel.read(head);
        assertThat(h.labels()).containsExactly(Emotion.NEUTRAL, Emotion.HAPPY, Emotion.SAD, Emotion.SURPRISE,
                Emotion.ANGRY);
        assertThat(h.flipAverage()).isTrue();
        Cli.Result e = Cli.run("evaluate", data.toString(), "--cropped", "--classifier", head.toString()).ok();
        assertThat(e.out()).containsPattern("overall\\s+30\\s+100\\.0%");
        Cli.Result a = Cli.run("analyze", "--json", "--classifier", head.toString(),
                SharedAssets.image("labeled/pexels_happy-baby.jpeg").toString()).ok();
        assertThat(Json.at(Json.parse(a.out()), "classifier")).isEqualTo("mine.ferhead");
        assertThat(Json.at(Json.parse(a.out()), "faces", 0, "dominant")).isEqualTo("happy");
    }

    @Test
    void crossval_writesTheKeysOfEvaluateJson() throws Exception {
        Path json = tmp.resolve("cv/cv.json");
        Files.createDirectories(json.getParent());
        Cli.Result r = Cli.run("crossval", data.toString(), "--cropped", "--folds", "3", "--group-by", "_v(\\d+)",
                "--head", "knn", "--k", "3", "--json", json.toString()).ok();
        assertThat(r.out()).contains("3 folds grouped by '_v(\\d+)' (6 groups)", "macro", "confusion");
        Object o = Json.parse(Files.readString(json));
        assertThat(Json.map(o)).containsKeys("n", "no_face", "overall", "macro", "per_class", "confusion");
        assertThat(Json.num(o, "n")).isEqualTo(30);
        assertThat(Files.exists(tmp.resolve("cv/cv.png"))).isTrue();
    }

    @Test
    void badGrouping_isAUsageErrorBeforeAnyWork() {
        assertThat(Cli.run("crossval", data.toString(), "--cropped", "--folds", "3", "--group-by", "^(S\\d+)_")
                .usageError()).contains("The grouping pattern '^(S\\d+)_' matches no file name");
        assertThat(Cli.run("crossval", data.toString(), "--cropped", "--folds", "3", "--group-by", "(pexels)_")
                .usageError()).contains("yields 1 group(s) [pexels] for 3 folds");
        assertThat(Cli.run("crossval", data.toString(), "--cropped", "--folds", "7", "--group-by", "_v(\\d+)")
                .usageError()).contains("has 6 image(s), fewer than the 7 folds");
        assertThat(Cli.run("crossval", data.toString(), "--cropped", "--group-by", "pexels").usageError())
                .contains("has no capture group");
        assertThat(Cli.run("crossval", data.toString(), "--cropped").usageError()).contains("--group-by");
    }

    @Test
    void unknownLabel_isNamedAndMappable() throws Exception {
        Path dir = tmp.resolve("custom");
        for (String label : List.of("joy", "sad")) {
            Files.createDirectories(dir.resolve(label));
            for (int i = 0; i < 2; i++) {
                Files.copy(data.resolve(label.equals("joy") ? "happy" : "sad").resolve(
                        (label.equals("joy") ? "pexels_happy-baby" : "pexels_sad-baby") + "_v00" + i + ".png"),
                        dir.resolve(label).resolve(i + ".png"));
            }
        }
        Path out = tmp.resolve("custom.ferhead");
        assertThat(Cli.run("train", dir.toString(), "--cropped", "--out", out.toString()).usageError())
                .contains("Label 'joy'", "--labels joy=<emotion>");
        assertThat(Files.exists(out)).isFalse();
        Cli.run("train", dir.toString(), "--cropped", "--labels", "joy=happy", "--out", out.toString()).ok();
        assertThat(HeadModel.read(out).labels()).containsExactly(Emotion.HAPPY, Emotion.SAD);
    }

    @Test
    void failedTraining_leavesNoFile() throws Exception {
        Path dir = tmp.resolve("one-class");
        Files.createDirectories(dir.resolve("sad"));
        Files.copy(data.resolve("sad/pexels_sad-baby_v000.png"), dir.resolve("sad/a.png"));
        Path out = tmp.resolve("none/none.ferhead");
        Files.createDirectories(out.getParent());
        assertThat(Cli.run("train", dir.toString(), "--cropped", "--out", out.toString()).usageError())
                .contains("at least two classes", "has only [sad]");
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void missingOutputFolder_isAUsageError() {
        Path out = tmp.resolve("no-such-folder/h.ferhead");
        assertThat(Cli.run("train", data.toString(), "--cropped", "--out", out.toString()).usageError())
                .contains("does not exist", "create it first");
        assertThat(Files.exists(out.getParent())).isFalse();
    }

    @Test
    void damagedHead_isOneLineAndExit1() throws Exception {
        byte[] all = Files.readAllBytes(head);
        Path cut = tmp.resolve("cut.ferhead");
        Files.write(cut, Arrays.copyOf(all, all.length - 40));
        Cli.Result r = Cli.run("analyze", "--classifier", cut.toString(),
                SharedAssets.image("labeled/pexels_happy-baby.jpeg").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).contains("is truncated").doesNotContain("\tat ");
    }
}
