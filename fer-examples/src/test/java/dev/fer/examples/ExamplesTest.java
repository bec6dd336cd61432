package dev.fer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.testing.SharedAssets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copyable example programs run and print what their javadoc promises. */
class ExamplesTest {
    private static String captureOut(Runnable body) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void analyzeImageExample_printsEachFace_andSavesTheAnnotatedPicture(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("annotated.png");
        String out = captureOut(() -> {
            try {
                AnalyzeImageExample.main(new String[] {SharedAssets.image("multi/two_people.jpg").toString(),
                        png.toString()});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(out).startsWith("2 face(s) in");
        assertThat(out.lines().skip(1).toList()).hasSize(2).allSatisfy(line -> assertThat(line)
                .matches("\\s*\\[\\d+, \\d+, \\d+, \\d+\\]\\s+(angry|disgust|fear|happy|neutral|sad|surprise) \\d+%"));
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1126);
    }

    @Test
    void modelsExample_listsTheCatalog() {
        String out = captureOut(() -> ModelsExample.main(new String[0]));
        assertThat(out).contains("yunet-2023mar", "fer-mobilefacenet-int8", "(copyleft)");
    }

    @Test
    void videoFileExample_printsOneLinePerFrame() {
        String out = captureOut(() -> {
            try {
                VideoFileExample.main(new String[] {SharedAssets.video().toString()});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(out.lines()).hasSize(150);
        assertThat(out.lines().findFirst().orElseThrow()).contains("frame    0", "5 face(s)");
    }

    @Test
    void videoStreamExample_printsTrackedFacesThenOneSummaryLinePerPerson() {
        String out = captureOut(() -> VideoStreamExample.main(new String[] {SharedAssets.video().toString()}));
        // 5 people in frames 0–29, then the astronaut, the woman, the baby: 8 tracks, faces in 120 frames
        assertThat(out.lines().filter(l -> l.startsWith("#"))).hasSize(8);
        assertThat(out.lines().filter(l -> l.contains(" face #"))).hasSizeGreaterThanOrEqualTo(5 * 30 + 3 * 28);
        assertThat(out).contains("  0.00 s  face #1 ");
    }

    @Test
    void fitHeadExample_crossValidatesSavesAndUsesTheHead(@TempDir Path tmp) {
        Path crops = tmp.resolve("crops");
        dev.fer.train.GeneratedFaces.write(crops, dev.fer.train.GeneratedFaces.grid(5), 0, 96);
        Path head = tmp.resolve("mine.ferhead");
        String out = captureOut(() -> FitHeadExample.main(new String[] {crops.toString(), "_v(\\d+)",
                head.toString(), SharedAssets.image("labeled/pexels_sad-baby.jpeg").toString()}));
        assertThat(out).contains("macro").containsPattern("overall\\s+25\\s+");
        assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("sad");
        assertThat(dev.fer.onnx.HeadModel.read(head).labels()).hasSize(5);
    }
}
