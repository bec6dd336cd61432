package dev.fer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.ModelIntegrityException;
import dev.fer.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache never copies more than a model's size, cleans up after killed runs, and says what is wrong once. */
class ModelCacheHygieneTest {
    private static final String FILE = "hygiene-model.onnx";

    @TempDir
    Path home;
    @TempDir
    Path mirror;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ModelEntry entry(byte[] content) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return new ModelEntry("hygiene", ModelTask.EMOTION_CLASSIFIER, FILE, List.of(), sha, content.length, "MIT",
                false, ModelContract.ANY, "A generated test file.");
    }

    private ModelRepository repo() {
        return ModelRepository.builder().home(home).offline(true).mirror(mirror.toString()).build();
    }

    @Test
    void mirrorFileOfAnotherSize_isRefusedWithoutCopyingIt() throws Exception {
        byte[] right = random(4_000, 1);
        ModelEntry entry = entry(right);
        Files.write(mirror.resolve(FILE), random(400_000, 2));
        assertThatThrownBy(() -> repo().resolve(entry)).isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining("has 400000 bytes but model 'hygiene' has 4000 bytes")
                .hasMessageContaining("not copied");
        try (var files = Files.list(home.resolve("models"))) {
            assertThat(files.filter(p -> !p.getFileName().toString().endsWith(".lock"))).isEmpty();
        }
        // The right file is still taken from the mirror.
        Files.write(mirror.resolve(FILE), right);
        assertThat(repo().resolve(entry).source()).isEqualTo(ResolvedModel.Source.MIRROR);
    }

    @Test
    void stalePartFiles_areRemovedByTheNextResolve() throws Exception {
        byte[] right = random(4_000, 3);
        ModelEntry entry = entry(right);
        Files.write(mirror.resolve(FILE), right);
        Path cache = Files.createDirectories(home.resolve("models"));
        Path stale = Files.write(cache.resolve("." + FILE + ".12345.part"), random(1_000, 4));
        Path otherModels = Files.write(cache.resolve(".someone-else.onnx.1.part"), random(10, 5));

        repo().resolve(entry);

        assertThat(stale).doesNotExist();
        assertThat(otherModels).as("another model's part file waits for that model's lock").exists();
    }

    @Test
    void stalePartFilesOfCatalogModels_areRemovedByVerify() throws Exception {
        Path cache = Files.createDirectories(home.resolve("models"));
        String file = ModelCatalog.get("yunet-2023mar").fileName();
        Path stale = Files.write(cache.resolve("." + file + ".987.part"), random(100, 6));
        ModelRepository repo = repo();
        assertThat(repo.removeStalePartFiles()).containsExactly(stale);
        assertThat(stale).doesNotExist();
        Files.write(stale, random(100, 7));
        repo.verifyCache();
        assertThat(stale).doesNotExist();
    }

    @Test
    void offlineSetting_acceptsTheUsualSpellings() {
        for (String on : List.of("1", "yes", "YES", "on", "true", " True ")) {
            assertThat(ModelRepository.environmentBuilder(k -> null, Map.of("FER_OFFLINE", on)::get).build()
                    .offline()).as(on).isTrue();
        }
        for (String off : List.of("0", "no", "off", "false")) {
            assertThat(ModelRepository.environmentBuilder(k -> null, Map.of("FER_OFFLINE", off)::get).build()
                    .offline()).as(off).isFalse();
        }
        assertThatThrownBy(() -> ModelRepository.environmentBuilder(k -> null, Map.of("FER_OFFLINE", "maybe")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'maybe'");
    }

    @Test
    void unusableCache_namesThePathOnce() throws Exception {
        ModelEntry entry = entry(random(100, 8));
        // A folder where the lock file must go: the same failure a read-only cache gives, even when run as root.
        Path lock = Files.createDirectories(home.resolve("models").resolve(FILE + ".lock"));
        assertThatThrownBy(() -> repo().resolve(entry)).isInstanceOf(ModelLoadException.class)
                .satisfies(e -> assertThat(e.getMessage().split(java.util.regex.Pattern.quote(lock.toString()), -1))
                        .as("occurrences of %s in: %s", lock, e.getMessage()).hasSize(2));
    }
}
