package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.EmotionPipeline;
import dev.fer.examples.Cli;
import dev.fer.result.AnalysisResult;
import dev.fer.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {
    @Test
    void csv_hasOneRowPerFace_sortedByPath_andSkipsACorruptFile(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("photos/sub"));
        Files.copy(SharedAssets.image("multi/two_people.jpg"), dir.resolve("two.jpg"));
        Files.copy(SharedAssets.image("noface/coffee.png"), tmp.resolve("photos/a_coffee.png"));
        Files.writeString(tmp.resolve("photos/broken.jpg"), "this is not a JPEG");
        Files.writeString(tmp.resolve("photos/notes.txt"), "not an image, ignored");
        Path csv = Files.createDirectories(tmp.resolve("out")).resolve("faces.csv");

        Cli.Result r = Cli.run("batch", tmp.resolve("photos").toString(), "--csv", csv.toString(), "--workers", "2");

        r.ok();
        assertThat(r.err()).contains("skipped broken.jpg").doesNotContain("Exception");
        assertThat(r.out()).contains("2 images", "1 skipped");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("image,face,x1,y1,x2,y2,score,angry,disgust,fear,happy,neutral,sad,"
                + "surprise,dominant");
        assertThat(rows).hasSize(1 + 1 + 2);
        assertThat(rows.get(1)).isEqualTo("a_coffee.png" + ",".repeat(14));
        assertThat(rows.get(2)).startsWith("sub/two.jpg,0,");
        assertThat(rows.get(3)).startsWith("sub/two.jpg,1,");
        assertThat(rows).noneMatch(l -> l.contains("broken"));
        for (String row : rows.subList(2, 4)) {
            String[] f = row.split(",", -1);
            assertThat(f).hasSize(15);
            double sum = 0;
            for (int i = 7; i < 14; i++) {
                sum += Double.parseDouble(f[i]);
            }
            assertThat(sum).isBetween(0.99, 1.01);
        }

        // The same faces, in the same order, as a plain pipeline with the same settings finds.
        try (EmotionPipeline p = EmotionPipeline.builder().scoreThreshold(0.6f).build()) {
            AnalysisResult expected = p.analyze(dir.resolve("two.jpg"));
            assertThat(expected.faces()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                String[] f = rows.get(2 + i).split(",");
                assertThat(Double.parseDouble(f[2])).isCloseTo(expected.faces().get(i).detection().box().x1(),
                        org.assertj.core.api.Assertions.within(0.01));
                assertThat(f[14]).isEqualTo(expected.faces().get(i).dominant().orElseThrow().jsonName());
            }
        }
    }

    @Test
    void csvToStdout_whenNoFileIsGiven(@TempDir Path tmp) throws Exception {
        Files.copy(SharedAssets.image("single/obama.jpg"), tmp.resolve("obama.jpg"));
        Cli.Result r = Cli.run("batch", tmp.toString(), "--classifier", "none").ok();
        assertThat(r.out().lines().toList()).containsExactly("image,face,x1,y1,x2,y2,score,dominant",
                r.out().lines().toList().get(1));
        assertThat(r.out().lines().toList().get(1)).startsWith("obama.jpg,0,").endsWith(",");
    }

    @Test
    void tiffImages_areAnalysed(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(SharedAssets.image("single/obama.jpg").toFile()),
                "tiff", dir.resolve("obama.TIF").toFile());
        Cli.Result r = Cli.run("batch", dir.toString(), "--classifier", "none").ok();
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out().lines().toList().get(1)).startsWith("obama.TIF,0,");
    }

    @Test
    void csvOntoAnImageInTheInputFolder_isRefused_andTheImageIsKept(@TempDir Path tmp) throws Exception {
        Path keep = Files.copy(SharedAssets.image("single/obama.jpg"), tmp.resolve("keep.jpg"));
        byte[] before = Files.readAllBytes(keep);
        assertThat(Cli.run("batch", tmp.toString(), "--csv", keep.toString()).usageError())
                .contains("--csv", "inside the input folder", "would destroy");
        assertThat(Files.readAllBytes(keep)).isEqualTo(before);
    }

    @Test
    void csvIntoAFolderThatDoesNotExist_isAUsageError_andCreatesNothing(@TempDir Path tmp) throws Exception {
        Files.copy(SharedAssets.image("single/obama.jpg"), tmp.resolve("obama.jpg"));
        assertThat(Cli.run("batch", tmp.toString(), "--csv", tmp.resolve("no/such/faces.csv").toString())
                .usageError()).contains("does not exist");
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    @Test
    void entriesThatAreNotAnalysed_areReported_andTheRunGoesOn(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.copy(SharedAssets.image("single/obama.jpg"), dir.resolve("obama.jpg"));
        Files.createDirectories(dir.resolve("folder.jpg"));
        Files.createSymbolicLink(dir.resolve("loop"), dir);
        Files.createSymbolicLink(dir.resolve("gone.jpg"), dir.resolve("nothing-here.jpg"));
        Files.writeString(dir.resolve("notes.txt"), "x");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.jpg").toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.copy(SharedAssets.image("single/obama.jpg"), locked.resolve("hidden-from-us.jpg"));
        boolean canLock = locked.toFile().setReadable(false, false) && !Files.isReadable(locked);
        try {
            Cli.Result r = Cli.run("batch", dir.toString(), "--classifier", "none").ok();
            assertThat(r.err()).contains("skipped folder.jpg: a folder", "skipped loop: a link that loops",
                    "skipped gone.jpg: a link to nothing", "skipped pipe.jpg: not a regular file",
                    "ignored 1 file in other formats").doesNotContain("Exception");
            if (canLock) {
                // Only where permissions bind (not as root): the unreadable folder is reported, the rest goes on.
                assertThat(r.err()).contains("skipped locked: permission denied");
            }
            assertThat(r.out()).startsWith("image,face,").contains("obama.jpg,0,");
            assertThat(r.err()).contains("other entries not analysed");
        } finally {
            locked.toFile().setReadable(true, false);
        }
    }

    @Test
    void textCellsThatLookLikeFormulas_areDefused(@TempDir Path tmp) throws Exception {
        Files.copy(SharedAssets.image("single/obama.jpg"), tmp.resolve("=HYPERLINK(1).jpg"));
        Cli.Result r = Cli.run("batch", tmp.toString(), "--classifier", "none").ok();
        assertThat(r.out().lines().toList().get(1)).startsWith("'=HYPERLINK(1).jpg,0,");
        assertThat(Csv.row(java.util.Arrays.asList("@SUM(A1)", "+1", "-x", "-0.5", "1e-3", "\tcmd", "ok")))
                .isEqualTo("'@SUM(A1),+1,'-x,-0.5,1e-3,'\tcmd,ok");
    }
}
