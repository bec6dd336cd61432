package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.examples.Cli;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    private static final List<String> EMOTION_NAMES = Arrays.stream(Emotion.values()).map(Emotion::jsonName).toList();

    @Test
    void json_printsOneObjectPerImagePerLine_withTheDocumentedSchema() {
        String group = SharedAssets.image("multi/pexels_group_meeting.jpeg").toString();
        String coffee = SharedAssets.image("noface/coffee.png").toString();
        Cli.Result r = Cli.run("analyze", "--json", group, coffee).ok();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);

        Object doc = Json.parse(lines.get(0));
        assertThat(Json.map(doc).keySet()).containsExactly("image", "width", "height", "detector", "classifier",
                "faces", "timings_ms");
        assertThat(Json.at(doc, "image")).isEqualTo(group);
        assertThat(Json.num(doc, "width")).isEqualTo(1280);
        assertThat(Json.num(doc, "height")).isEqualTo(853);
        assertThat(Json.at(doc, "detector")).isEqualTo(EmotionPipeline.DEFAULT_DETECTOR);
        assertThat(Json.at(doc, "classifier")).isEqualTo(EmotionPipeline.DEFAULT_CLASSIFIER);
        assertThat(Json.map(doc, "timings_ms").keySet()).containsExactly("decode", "detect", "classify", "total");
        assertThat(Json.num(doc, "timings_ms", "total")).isGreaterThanOrEqualTo(Json.num(doc, "timings_ms", "detect"));

        List<Object> faces = Json.list(doc, "faces");
        assertThat(faces).as("the group photo has 5 faces; default YuNet at 0.6 finds them all").hasSize(5);
        double previous = Double.MAX_VALUE;
        for (Object face : faces) {
            assertThat(Json.map(face).keySet()).containsExactly("box", "score", "landmarks", "emotions", "dominant");
            double[] box = Json.nums(face, "box");
            assertThat(box).hasSize(4);
            assertThat(box[0]).isBetween(0.0, box[2]);
            assertThat(box[1]).isBetween(0.0, box[3]);
            assertThat(box[2]).isLessThanOrEqualTo(1280);
            assertThat(box[3]).isLessThanOrEqualTo(853);
            double score = Json.num(face, "score");
            assertThat(score).isBetween(0.6, 1.0).isLessThanOrEqualTo(previous);
            previous = score;
            List<Object> landmarks = Json.list(face, "landmarks");
            assertThat(landmarks).hasSize(5);
            for (Object p : landmarks) {
                assertThat(Json.nums(p)).hasSize(2);
            }
            Map<String, Object> emotions = Json.map(face, "emotions");
            assertThat(emotions).hasSize(7);
            assertThat(EMOTION_NAMES).containsAll(emotions.keySet());
            assertThat(List.copyOf(emotions.keySet())).isSorted();
            double sum = emotions.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
            assertThat(sum).isCloseTo(1.0, within(1e-3));
            String dominant = (String) Json.at(face, "dominant");
            double max = emotions.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElseThrow();
            assertThat(((Number) emotions.get(dominant)).doubleValue()).isEqualTo(max);
        }

        Object none = Json.parse(lines.get(1));
        assertThat(Json.list(none, "faces")).isEmpty();
        assertThat(Json.num(none, "width")).isEqualTo(600);
    }

    @Test
    void json_withoutClassifier_writesNullEmotions() {
        String obama = SharedAssets.image("single/obama.jpg").toString();
        Object doc = Json.parse(Cli.run("analyze", "--json", "--classifier", "none", obama).ok().out().strip());
        assertThat(Json.at(doc, "classifier")).isNull();
        Object face = Json.list(doc, "faces").get(0);
        assertThat(Json.map(face)).containsEntry("emotions", null).containsEntry("dominant", null);
    }

    @Test
    void text_summarisesEachFace() {
        String obama = SharedAssets.image("single/obama.jpg").toString();
        Cli.Result r = Cli.run("analyze", obama).ok();
        assertThat(r.out()).contains(obama, "910x1137", "1 face", "#1", "happy");
    }

    @Test
    void annotate_writesAPictureOfTheSameSize(@TempDir Path tmp) throws Exception {
        Path out = java.nio.file.Files.createDirectories(tmp.resolve("sub")).resolve("annotated.png");
        String group = SharedAssets.image("multi/pexels_group_meeting.jpeg").toString();
        Cli.run("analyze", "--annotate", out.toString(), group).ok();
        BufferedImage img = ImageIO.read(out.toFile());
        assertThat(img.getWidth()).isEqualTo(1280);
        assertThat(img.getHeight()).isEqualTo(853);
    }

    @Test
    void annotate_withSeveralImages_writesOnePicturePerImageIntoTheFolder(@TempDir Path tmp) {
        Cli.run("analyze", "--annotate", tmp.resolve("pics").toString(),
                SharedAssets.image("single/obama.jpg").toString(),
                SharedAssets.image("single/astronaut.png").toString()).ok();
        assertThat(tmp.resolve("pics/obama.png")).isRegularFile();
        assertThat(tmp.resolve("pics/astronaut.png")).isRegularFile();
    }

    @Test
    void corruptImage_failsWithOneLineAndExit1(@TempDir Path tmp) throws Exception {
        Path bad = java.nio.file.Files.writeString(tmp.resolve("bad.jpg"), "not a jpeg");
        Cli.Result r = Cli.run("analyze", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("bad.jpg").doesNotContain("Exception");
    }

    private static Path copy(String shared, Path target) throws Exception {
        java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
        return java.nio.file.Files.copy(SharedAssets.image(shared), target);
    }

    @Test
    void annotate_ontoTheInput_isRefused_andTheInputIsKept(@TempDir Path tmp) throws Exception {
        Path in = copy("single/obama.jpg", tmp.resolve("in.jpg"));
        byte[] before = java.nio.file.Files.readAllBytes(in);
        assertThat(Cli.run("analyze", "--annotate", in.toString(), in.toString()).usageError())
                .contains("--annotate", "would destroy the input");
        Path link = java.nio.file.Files.createSymbolicLink(tmp.resolve("link.png"), in);
        assertThat(Cli.run("analyze", "--annotate", link.toString(), in.toString()).usageError())
                .contains("after resolving links");
        assertThat(java.nio.file.Files.readAllBytes(in)).isEqualTo(before);
    }

    @Test
    void annotateFolder_keepsSameNamedInputsApart_andNeverOverwritesAnInputInside(@TempDir Path tmp)
            throws Exception {
        Path a = copy("single/obama.jpg", tmp.resolve("a/x.jpg"));
        Path b = copy("single/astronaut.png", tmp.resolve("b/x.jpg"));
        Path pics = java.nio.file.Files.createDirectories(tmp.resolve("pics"));
        Path inside = copy("single/astronaut.png", pics.resolve("astronaut.png"));
        byte[] before = java.nio.file.Files.readAllBytes(inside);
        Cli.run("analyze", "--classifier", "none", "--annotate", pics.toString(), a.toString(), b.toString(),
                inside.toString()).ok();
        assertThat(ImageIO.read(pics.resolve("x.png").toFile()).getWidth()).isEqualTo(910);
        assertThat(ImageIO.read(pics.resolve("x-2.png").toFile()).getWidth())
                .isEqualTo(ImageIO.read(b.toFile()).getWidth());
        assertThat(java.nio.file.Files.readAllBytes(inside)).isEqualTo(before);
        assertThat(pics.resolve("astronaut-2.png")).isRegularFile();
    }

    @Test
    void badFileAmongGoodOnes_isReported_theOthersAreAnalysed_andTheRunEndsWith1(@TempDir Path tmp)
            throws Exception {
        Path bad = java.nio.file.Files.writeString(tmp.resolve("bad.jpg"), "not a jpeg");
        String good = SharedAssets.image("single/obama.jpg").toString();
        String good2 = SharedAssets.image("single/astronaut.png").toString();
        Cli.Result r = Cli.run("analyze", "--classifier", "none", good, bad.toString(), good2);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains(good, good2).doesNotContain("bad.jpg");
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("fer-examples analyze: ").contains("bad.jpg").doesNotContain("Exception");
    }

    @Test
    void annotate_intoAFolderThatDoesNotExist_isAUsageError_andCreatesNothing(@TempDir Path tmp) {
        String obama = SharedAssets.image("single/obama.jpg").toString();
        assertThat(Cli.run("analyze", "--annotate", tmp.resolve("typo/out.png").toString(), obama).usageError())
                .contains("does not exist");
        assertThat(tmp.resolve("typo")).doesNotExist();
    }
}
