package dev.fer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeImagesLaunchTest {
    @Test
    void plainJava_restartsWithSparksModuleFlags() throws Exception {
        // This test JVM has the flags (surefire argLine); a plain child JVM does not and must restart itself.
        assertThat(AnalyzeImages.needsModuleFlags()).isFalse();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:Tier4InvocationThreshold=7777", "-cp",
                System.getProperty("java.class.path"), AnalyzeImages.class.getName(), "--help")
                .redirectErrorStream(true);
        pb.environment().put("FER_SPARK_DEBUG", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("relaunching as").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                .contains("Usage: AnalyzeImages --input DIR|GLOB --output DIR")
                .contains("--detector ID        face detector (default " + dev.fer.EmotionPipeline.DEFAULT_DETECTOR
                        + ")");
        // Local mode (the default master): the JIT thresholds come first, the user's own option after them wins.
        String command = output.substring(output.indexOf("relaunching as"));
        int ours = command.indexOf("-XX:Tier4InvocationThreshold=50000");
        int users = command.indexOf("-XX:Tier4InvocationThreshold=7777");
        assertThat(ours).isPositive();
        assertThat(users).isGreaterThan(ours);
        for (String option : AnalyzeImages.LOCAL_JIT_OPTIONS) {
            assertThat(command).contains(option);
        }
    }

    @Test
    void classArchive_namedPerJdkAndClassPath_usedWhenPresent_writtenOtherwise(@TempDir Path dir) throws IOException {
        assertThat(AnalyzeImages.cdsArchive(null, "a.jar")).isNull();
        assertThat(AnalyzeImages.cdsArchive(" ", "a.jar")).isNull();
        Path missing = dir.resolve("not-there");
        assertThat(AnalyzeImages.cdsArchive(missing.toString(), "a.jar")).as("never creates the folder").isNull();
        assertThat(missing).doesNotExist();

        Path archive = AnalyzeImages.cdsArchive(dir.toString(), "a.jar:b.jar");
        assertThat(archive.getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(archive.getFileName().toString()).matches("fer-spark-[0-9a-f]{8}\\.jsa");
        assertThat(AnalyzeImages.cdsArchive(dir.toString(), "a.jar:b.jar")).isEqualTo(archive);
        assertThat(AnalyzeImages.cdsArchive(dir.toString(), "a.jar:c.jar")).as("another class path").isNotEqualTo(archive);

        Path pending = dir.resolve("pending.jsa");
        assertThat(AnalyzeImages.cdsOptions(null, pending)).isEmpty();
        assertThat(AnalyzeImages.cdsOptions(archive, pending)).containsExactly("-XX:ArchiveClassesAtExit=" + pending,
                "-Xlog:cds=off");
        Files.write(archive, new byte[] {1});
        assertThat(AnalyzeImages.cdsOptions(archive, pending)).containsExactly("-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=off");
    }
}
