package dev.fer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryBuilderTest {
    @TempDir
    Path dir;

    @Test
    void builder_hasDocumentedDefaults() {
        ModelRepository repo = ModelRepository.builder().build();
        Path home = Paths.get(System.getProperty("user.home"), ".fer").toAbsolutePath().normalize();
        assertThat(repo.home()).isEqualTo(home);
        assertThat(repo.cacheDirectory()).isEqualTo(home.resolve("models"));
        assertThat(repo.mirror()).isEmpty();
        assertThat(repo.offline()).isFalse();
        assertThat(repo.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(repo.downloadTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(repo.files()).isEmpty();
    }

    @Test
    void environment_prefersSystemPropertiesOverVariables() throws IOException {
        Path propHome = Files.createDirectories(dir.resolve("prop-home"));
        Path mirror = Files.createDirectories(dir.resolve("mirror"));
        Map<String, String> props = Map.of("fer.home", propHome.toString(), "fer.offline", "TRUE");
        Map<String, String> env = Map.of("FER_HOME", dir.resolve("env-home").toString(),
                "FER_MODEL_MIRROR", mirror.toString(), "FER_OFFLINE", "false");

        ModelRepository repo = ModelRepository.environmentBuilder(props::get, env::get).build();

        assertThat(repo.home()).isEqualTo(propHome);
        assertThat(repo.cacheDirectory()).isEqualTo(propHome.resolve("models"));
        assertThat(repo.mirror()).contains(mirror.toString());
        assertThat(repo.offline()).isTrue();
    }

    @Test
    void environment_usesVariablesWhenPropertiesAreAbsentOrBlank() {
        Map<String, String> props = Map.of("fer.home", " ");
        Map<String, String> env = Map.of("FER_HOME", dir.toString(), "FER_MODEL_MIRROR", "https://m.example.com/fer",
                "FER_OFFLINE", "true");

        ModelRepository repo = ModelRepository.environmentBuilder(props::get, env::get).build();

        assertThat(repo.home()).isEqualTo(dir);
        assertThat(repo.mirror()).contains("https://m.example.com/fer/");
        assertThat(repo.offline()).isTrue();
    }

    @Test
    void environment_rejectsUnclearOfflineValues() {
        Map<String, String> env = Map.of("FER_OFFLINE", "perhaps");
        assertThatThrownBy(() -> ModelRepository.environmentBuilder(k -> null, env::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The offline setting fer.offline / FER_OFFLINE must be true, 1, yes or on (offline) or "
                        + "false, 0, no or off (online), got 'perhaps'.");
    }

    @Test
    void fromEnvironment_readsTheSurefireSystemProperties() {
        ModelRepository repo = ModelRepository.fromEnvironment();
        assertThat(repo.home()).isEqualTo(Paths.get(System.getProperty("fer.home")).toAbsolutePath().normalize());
        assertThat(repo.offline()).isEqualTo(Boolean.parseBoolean(System.getProperty("fer.offline")));
    }

    @Test
    void build_rejectsMissingMirrorFolder() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ModelRepository.builder().mirror(missing.toString()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("FER_MODEL_MIRROR")
                .hasMessageEndingWith(".");
    }

    @Test
    void build_acceptsFileUriMirror() {
        assertThat(ModelRepository.builder().mirror(dir.toUri().toString()).build().mirror()).contains(dir.toString());
    }

    @Test
    void build_rejectsUnsupportedMirrorSchemeAndBadUrls() {
        assertThatThrownBy(() -> ModelRepository.builder().mirror("ftp://example.com/models").build())
                .hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> ModelRepository.builder().mirror("https://example.com/m?token=1").build())
                .hasMessageContaining("without query or fragment");
    }

    @Test
    void build_rejectsNonPositiveTimeouts() {
        assertThatThrownBy(() -> ModelRepository.builder().connectTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The connect timeout must be a positive duration, got PT0S.");
        assertThatThrownBy(() -> ModelRepository.builder().downloadTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("download timeout");
    }

    @Test
    void build_rejectsHomeThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> ModelRepository.builder().home(file).build())
                .hasMessageContaining("is not a directory");
    }

    @Test
    void build_rejectsExplicitFilesForUnsafeIdsOrDirectories() {
        assertThatThrownBy(() -> ModelRepository.builder().file("../x", dir.resolve("m.onnx")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../x'");
        assertThatThrownBy(() -> ModelRepository.builder().file("a/b", dir.resolve("m.onnx")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelRepository.builder().file("yunet-2023mar", dir).build())
                .hasMessageContaining("is a directory");
    }

    @Test
    void toBuilder_keepsEveryField() {
        Path model = dir.resolve("m.onnx");
        ModelRepository repo = ModelRepository.builder().home(dir).mirror(dir.toString()).offline(true)
                .connectTimeout(Duration.ofSeconds(3)).downloadTimeout(Duration.ofSeconds(4))
                .file("yunet-2023mar", model).build();

        ModelRepository copy = repo.toBuilder().build();

        assertThat(copy.home()).isEqualTo(repo.home());
        assertThat(copy.mirror()).isEqualTo(repo.mirror());
        assertThat(copy.offline()).isTrue();
        assertThat(copy.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.downloadTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(copy.files()).containsEntry("yunet-2023mar", model);
    }

    @Test
    void build_createsNothingOnDisk() {
        Path home = dir.resolve("fresh-home");
        ModelRepository.builder().home(home).build();
        assertThat(home).doesNotExist();
    }
}
