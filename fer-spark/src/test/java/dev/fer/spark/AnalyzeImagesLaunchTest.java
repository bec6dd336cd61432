package dev.fer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnalyzeImagesLaunchTest {
    @Test
    void plainJava_restartsWithSparksModuleFlags() throws Exception {
        // This test JVM has the flags (surefire argLine); a plain child JVM does not and must restart itself.
        assertThat(AnalyzeImages.needsModuleFlags()).isFalse();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AnalyzeImages.class.getName(), "--help").redirectErrorStream(true);
        pb.environment().put("FER_SPARK_DEBUG", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("relaunching as").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                .contains("Usage: AnalyzeImages --input DIR|GLOB --output DIR")
                .contains("--detector ID        face detector (default " + dev.fer.EmotionPipeline.DEFAULT_DETECTOR
                        + ")");
    }
}
