package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.examples.Cli;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoCommandTest {
    private static final int FRAMES = 25;

    @Test
    void firstFramesOfTheSharedClip_findTheReferenceFaces_andWriteVideoCsvAndChart(@TempDir Path tmp)
            throws Exception {
        Files.createDirectories(tmp.resolve("out")); // output folders are never created on the user's behalf
        Path video = tmp.resolve("out/annotated.mp4");
        Path csv = tmp.resolve("out/timeline.csv");
        Cli.Result r = Cli.run("video", SharedAssets.video().toString(), "--max-frames", Integer.toString(FRAMES),
                "--out", video.toString(), "--csv", csv.toString()).ok();
        assertThat(r.out()).contains("25 frames (25 analysed)", "125 faces in all", "frames/s", "dominant emotion");

        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("frame,time_s,faces,dominant,angry,disgust,fear,happy,neutral,sad,surprise");
        assertThat(rows).hasSize(1 + FRAMES);
        Object reference = Json.parse(SharedAssets.read(SharedAssets.reference("video_faces.json")));
        for (int i = 0; i < FRAMES; i++) {
            String[] f = rows.get(1 + i).split(",", -1);
            assertThat(Integer.parseInt(f[0])).isEqualTo(i);
            assertThat(Double.parseDouble(f[1])).as("time of frame %d", i).isCloseTo(i / 20.0,
                    org.assertj.core.api.Assertions.within(1e-3));
            int expected = Json.list(reference, "frames", i, "yunet_640_score06").size();
            assertThat(expected).isEqualTo(5);
            assertThat(Integer.parseInt(f[2])).as("faces in frame %d", i).isEqualTo(expected);
            assertThat(f[3]).isNotEmpty();
        }

        assertThat(VideoCommand.countFrames(video)).isEqualTo(FRAMES);
        BufferedImage chart = ImageIO.read(tmp.resolve("out/timeline.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(800);
    }

    @Test
    void every_analysesEveryNthFrame_butRecordsAllFrames(@TempDir Path tmp) throws Exception {
        Path video = tmp.resolve("v.mp4");
        Path csv = tmp.resolve("t.csv");
        Cli.run("video", SharedAssets.video().toString(), "--max-frames", "12", "--every", "4", "--out",
                video.toString(), "--csv", csv.toString(), "--classifier", "none").ok();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).containsExactly("frame,time_s,faces,dominant", "0,0,5,", "4,0.2,5,", "8,0.4,5,");
        assertThat(VideoCommand.countFrames(video)).isEqualTo(12);
        assertThat(tmp.resolve("t.png")).doesNotExist();
    }

    @Test
    void notAVideo_isAUsageError(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.mp4"), "no video here");
        assertThat(Cli.run("video", bad.toString(), "--classifier", "none").usageError())
                .contains("cannot read video");
    }
}
