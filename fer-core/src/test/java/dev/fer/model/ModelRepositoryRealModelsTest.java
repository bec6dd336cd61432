package dev.fer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.ModelIntegrityException;
import dev.fer.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real models in ../shared/models, resolved with that folder as the mirror. */
class ModelRepositoryRealModelsTest {
    @TempDir
    Path home;
    @TempDir
    Path scratch;

    private List<ModelEntry> mirrored() {
        Path models = SharedAssets.models();
        List<ModelEntry> list = ModelCatalog.all().stream()
                .filter(e -> Files.exists(models.resolve(e.fileName()))).toList();
        assertThat(list).hasSize(11);
        return list;
    }

    @Test
    void everyMirroredCatalogModel_resolvesThroughTheMirrorAndVerifies() {
        ModelRepository repo = ModelRepository.builder().home(home).offline(true)
                .mirror(SharedAssets.models().toString()).build();

        for (ModelEntry e : mirrored()) {
            ResolvedModel first = repo.resolve(e.id());
            assertThat(first.source()).as(e.id()).isEqualTo(ResolvedModel.Source.MIRROR);
            assertThat(first.path()).isEqualTo(repo.cacheDirectory().resolve(e.fileName()));
            assertThat(ModelRepository.sha256(first.path())).isEqualTo(e.sha256());
            assertThat(repo.isCached(e.id())).isTrue();
            assertThat(repo.resolve(e.id()).source()).as(e.id()).isEqualTo(ResolvedModel.Source.CACHE);
        }
    }

    @Test
    void flippedByteInARealModel_isRejectedFromMirrorAndAsExplicitFile() throws IOException {
        ModelEntry yunet = ModelCatalog.get("yunet-2023mar");
        Path mirror = Files.createDirectories(scratch.resolve("mirror"));
        Path copy = mirror.resolve(yunet.fileName());
        byte[] bytes = Files.readAllBytes(SharedAssets.models().resolve(yunet.fileName()));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(copy, bytes);
        String actual = ModelRepository.sha256(copy);

        ModelRepository viaMirror = ModelRepository.builder().home(home).offline(true).mirror(mirror.toString())
                .build();
        assertThatThrownBy(() -> viaMirror.resolve("yunet-2023mar"))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(copy.toString())
                .hasMessageContaining(yunet.sha256())
                .hasMessageContaining(actual);
        assertThat(viaMirror.isCached("yunet-2023mar")).isFalse();
        assertThat(viaMirror.cacheDirectory().resolve(yunet.fileName())).doesNotExist();

        ModelRepository explicit = ModelRepository.builder().home(home).offline(true)
                .file("yunet-2023mar", copy).build();
        assertThatThrownBy(() -> explicit.resolve("yunet-2023mar"))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(actual);
        assertThat(copy).exists();
    }

    @Test
    void explicitRealModel_resolvesInPlace() {
        Path file = SharedAssets.models().resolve(ModelCatalog.get("fer-mini-xception").fileName());
        ModelRepository repo = ModelRepository.builder().home(home).offline(true).file("fer-mini-xception", file)
                .build();

        ResolvedModel resolved = repo.resolve("fer-mini-xception");

        assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.EXPLICIT);
        assertThat(resolved.path()).isEqualTo(file);
    }

    @Test
    void verifyCache_reportsOkMismatchAndMissingAndDeletesMismatches() throws IOException {
        ModelEntry good = ModelCatalog.get("yunet-2023mar");
        ModelEntry bad = ModelCatalog.get("fer-mini-xception");
        ModelRepository repo = ModelRepository.builder().home(home).offline(true).build();
        Path cache = Files.createDirectories(repo.cacheDirectory());
        Files.copy(SharedAssets.models().resolve(good.fileName()), cache.resolve(good.fileName()));
        byte[] bytes = Files.readAllBytes(SharedAssets.models().resolve(bad.fileName()));
        bytes[100] ^= 0x10;
        Files.write(cache.resolve(bad.fileName()), bytes);

        List<CacheVerification> report = repo.verifyCache();

        assertThat(report).extracting(r -> r.entry().id()).containsExactlyElementsOf(ModelCatalog.ids());
        CacheVerification ok = report.stream().filter(r -> r.entry() == good).findFirst().orElseThrow();
        CacheVerification mismatch = report.stream().filter(r -> r.entry() == bad).findFirst().orElseThrow();
        assertThat(ok.status()).isEqualTo(CacheVerification.Status.OK);
        assertThat(ok.ok()).isTrue();
        assertThat(mismatch.status()).isEqualTo(CacheVerification.Status.MISMATCH);
        assertThat(mismatch.actualSha256()).isNotEqualTo(bad.sha256());
        assertThat(mismatch.describe()).contains(mismatch.actualSha256(), bad.sha256(), "deleted");
        assertThat(cache.resolve(bad.fileName())).doesNotExist();
        assertThat(report).filteredOn(r -> r.status() == CacheVerification.Status.MISSING)
                .hasSize(ModelCatalog.ids().size() - 2)
                .allSatisfy(r -> assertThat(r.actualSha256()).isNull());
    }
}
