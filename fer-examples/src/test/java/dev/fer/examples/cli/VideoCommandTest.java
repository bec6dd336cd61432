package dev.fer.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.examples.Cli;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoCommandTest {
    private static final int FRAMES = 25;
    private static final String HEADER = "frame,time_s,track_id,x1,y1,x2,y2,score,angry,disgust,fear,happy,neutral,sad,"
            + "surprise,smoothed_dominant";

    @Test
    void firstFramesOfTheSharedClip_trackFiveFaces_andWriteVideoCsvAndAChartPerTrack(@TempDir Path tmp)
            throws Exception {
        Files.createDirectories(tmp.resolve("out")); // output folders are never created on the user's behalf
        Path video = tmp.resolve("out/annotated.mp4");
        Path csv = tmp.resolve("out/timeline.csv");
        Cli.Result r = Cli.run("video", SharedAssets.video().toString(), "--max-frames", Integer.toString(FRAMES),
                "--out", video.toString(), "--csv", csv.toString(), "--threads", "2").ok();
        assertThat(r.out()).contains("2 workers, smoothing ema(0.3)", "25 frames analysed", "125 faces in all",
                "frames/s", "5 face tracks:", "track 1: frames 0-24 (0.00-1.20 s, seen in 25): ");

        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo(HEADER);
        assertThat(rows).hasSize(1 + 5 * FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            Set<String> ids = new HashSet<>();
            for (int k = 0; k < 5; k++) {
                String[] f = rows.get(1 + 5 * i + k).split(",", -1);
                assertThat(Integer.parseInt(f[0])).isEqualTo(i);
                assertThat(Double.parseDouble(f[1])).as("time of frame %d", i).isCloseTo(i / 20.0, within(1e-3));
                ids.add(f[2]);
                assertThat(Float.parseFloat(f[4])).isLessThan(Float.parseFloat(f[6]));
                double sum = Arrays.stream(f, 8, 15).mapToDouble(Double::parseDouble).sum();
                assertThat(sum).isCloseTo(1.0, within(1e-3));
                assertThat(f[15]).isIn("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");
            }
            assertThat(ids).as("track ids of frame %d", i).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        }
        assertThat(VideoCommand.countFrames(video)).isEqualTo(FRAMES);
        for (int id = 1; id <= 5; id++) {
            BufferedImage chart = ImageIO.read(tmp.resolve("out/timeline-track" + id + ".png").toFile());
            assertThat(chart.getWidth()).isGreaterThan(800);
        }
    }

    @Test
    void oneAndThreeWorkers_writeTheSameCsv(@TempDir Path tmp) throws Exception {
        Path one = tmp.resolve("one.csv");
        Path three = tmp.resolve("three.csv");
        Cli.run("video", SharedAssets.video().toString(), "--max-frames", "12", "--csv", one.toString(),
                "--threads", "1").ok();
        Cli.run("video", SharedAssets.video().toString(), "--max-frames", "12", "--csv", three.toString(),
                "--threads", "3").ok();
        assertThat(Files.readAllLines(three)).isEqualTo(Files.readAllLines(one)).hasSize(1 + 5 * 12);
    }

    @Test
    void detectEvery_runsTheDetectorOnEveryKthFrame_butWritesEveryFrame(@TempDir Path tmp) throws Exception {
        Path video = tmp.resolve("v.mp4");
        Path csv = tmp.resolve("t.csv");
        Cli.Result r = Cli.run("video", SharedAssets.video().toString(), "--max-frames", "12", "--detect-every", "4",
                "--out", video.toString(), "--csv", csv.toString(), "--classifier", "none").ok();
        assertThat(r.out()).contains("detector on every 4 frames", "12 frames analysed", "5 face tracks");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("frame,time_s,track_id,x1,y1,x2,y2,score,smoothed_dominant");
        assertThat(rows).hasSize(1 + 5 * 12);
        assertThat(VideoCommand.countFrames(video)).isEqualTo(12);
        assertThat(tmp.resolve("t-track1.png")).doesNotExist();
    }

    @Test
    void smoothOff_writesTheRawDominantAsTheSmoothedOne(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("t.csv");
        Cli.run("video", SharedAssets.video().toString(), "--max-frames", "8", "--csv", csv.toString(),
                "--smooth", "off").ok();
        String[] names = HEADER.split(",");
        for (String row : Files.readAllLines(csv).subList(1, 41)) {
            String[] f = row.split(",", -1);
            int best = 8;
            for (int c = 9; c < 15; c++) {
                if (Double.parseDouble(f[c]) > Double.parseDouble(f[best])) {
                    best = c;
                }
            }
            assertThat(f[15]).as(row).isEqualTo(names[best]);
        }
        assertThat(Cli.run("video", SharedAssets.video().toString(), "--smooth", "fast").usageError())
                .contains("invalid --smooth 'fast'");
    }

    @Test
    void notAVideo_isAUsageError(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.mp4"), "no video here");
        assertThat(Cli.run("video", bad.toString(), "--classifier", "none").usageError())
                .contains("cannot read video");
    }

    @Test
    void outputThatIsTheInput_isRefusedBeforeAnythingIsWritten_alsoThroughALink(@TempDir Path tmp) throws Exception {
        Path clip = Files.copy(SharedAssets.video(), tmp.resolve("c.mp4"));
        byte[] before = Files.readAllBytes(clip);
        assertThat(Cli.run("video", clip.toString(), "--out", clip.toString()).usageError())
                .contains("--out " + clip + " is the input " + clip + "; writing it would destroy the input.");
        assertThat(Cli.run("video", clip.toString(), "--csv", clip.toString()).usageError())
                .contains("--csv " + clip + " is the input " + clip + "; writing it would destroy the input.");
        Path link = Files.createSymbolicLink(tmp.resolve("link.mp4"), clip);
        assertThat(Cli.run("video", clip.toString(), "--out", link.toString()).usageError())
                .contains("--out " + link + " is the input " + clip + " (after resolving links)");
        assertThat(Files.readAllBytes(clip)).isEqualTo(before);
    }

    @Test
    void truncatedVideo_writesTheFramesBeforeTheDamage_andSaysHowManyOfTheDeclaredFramesWereRead(@TempDir Path tmp)
            throws Exception {
        byte[] all = Files.readAllBytes(SharedAssets.video());
        Path cut = Files.write(tmp.resolve("cut.mp4"), Arrays.copyOf(all, all.length / 2));
        Path video = tmp.resolve("v.mp4");
        Path csv = tmp.resolve("t.csv");
        Cli.Result r = Cli.run("video", cut.toString(), "--out", video.toString(), "--csv", csv.toString(),
                "--classifier", "none");
        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        String err = lines.get(lines.size() - 1); // after the progress lines: one line, no stack trace
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        assertThat(err).startsWith("fer-examples video: ");
        assertThat(err).contains("video " + cut + " ended after ", " of its 150 declared frames: the file is "
                + "truncated or damaged.", "The results of those frames were written.");
        int read = Integer.parseInt(err.replaceAll("(?s).* ended after (\\d+) of its.*", "$1"));
        assertThat(read).isBetween(20, 130);
        assertThat(VideoCommand.countFrames(video)).isEqualTo(read);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(rows.size() - 1)).startsWith((read - 1) + ",");
        assertThat(r.out()).contains(read + " frames analysed");
    }
}
