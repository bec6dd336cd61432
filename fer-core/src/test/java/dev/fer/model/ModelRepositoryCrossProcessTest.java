package dev.fer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs sharing one cache directory fetch a model once: the file lock on {@code <file>.lock} works. */
class ModelRepositoryCrossProcessTest {
    private static final String FILE = "tiny-model.onnx";

    @TempDir
    Path home;

    @Test
    void resolve_waitsForAnotherJvmFetchingTheSameFileAndThenHitsTheCache() throws Exception {
        byte[] bytes = ModelRepositoryTest.randomBytes(50_000, 11);
        String sha = ModelRepositoryTest.sha256(bytes);
        try (TestHttpServer server = TestHttpServer.start()) {
            server.serveSlowly("/up/" + FILE, bytes, 1500);
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ResolveInChildJvm.class.getName(), home.toString(), server.uri("/up/" + FILE).toString(), sha,
                    String.valueOf(bytes.length))
                    .redirectErrorStream(true).start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (server.requests("/up/" + FILE) == 0 && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(server.requests("/up/" + FILE)).as("the child JVM started its download").isEqualTo(1);

                ModelEntry entry = new ModelEntry("tiny", ModelTask.EMOTION_CLASSIFIER, FILE,
                        List.of(server.uri("/up/" + FILE)), sha, bytes.length, "MIT", false, ModelContract.ANY,
                        "A generated test file.");
                ResolvedModel resolved = ModelRepository.builder().home(home).build().resolve(entry);

                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(child.exitValue()).as(output).isZero();
                assertThat(output).contains("SOURCE=DOWNLOAD");
                assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.CACHE);
                assertThat(server.requests("/up/" + FILE)).isEqualTo(1);
            } finally {
                child.destroyForcibly();
            }
        } catch (IOException e) {
            throw new AssertionError("Could not start the second JVM", e);
        }
    }
}
