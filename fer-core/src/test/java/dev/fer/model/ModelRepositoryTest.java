package dev.fer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.ModelIntegrityException;
import dev.fer.ModelLoadException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
    private static final String FILE = "tiny-model.onnx";

    @TempDir
    Path home;
    @TempDir
    Path elsewhere;

    private TestHttpServer server;
    private byte[] bytes;
    private String sha;

    @BeforeEach
    void setUp() {
        server = TestHttpServer.start();
        bytes = randomBytes(10_000, 1);
        sha = sha256(bytes);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    // ------------------------------------------------------------------------------------------- cache

    @Test
    void resolve_returnsCachedFileWithoutNetwork() throws IOException {
        ModelEntry entry = entry(FILE, bytes, server.uri("/up/" + FILE));
        server.serve("/up/" + FILE, bytes);
        Path cached = Files.createDirectories(home.resolve("models")).resolve(FILE);
        Files.write(cached, bytes);

        ResolvedModel resolved = repo().build().resolve(entry);

        assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.CACHE);
        assertThat(resolved.path()).isEqualTo(cached);
        assertThat(resolved.sha256()).isEqualTo(sha);
        assertThat(server.totalRequests()).isZero();
    }

    @Test
    void resolve_deletesCachedFileWithWrongHashAndNamesBothHashes() throws IOException {
        ModelEntry entry = entry(FILE, bytes);
        Path cached = Files.createDirectories(home.resolve("models")).resolve(FILE);
        byte[] bad = bytes.clone();
        bad[17] ^= 1;
        Files.write(cached, bad);

        assertThatThrownBy(() -> repo().offline(true).build().resolve(entry))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(cached.toString())
                .hasMessageContaining(sha)
                .hasMessageContaining(sha256(bad))
                .hasMessageContaining("deleted");
        assertThat(cached).doesNotExist();
    }

    @Test
    void resolve_detectsCachedFileCorruptedAfterAnEarlierResolve() throws IOException {
        ModelEntry entry = entry(FILE, bytes);
        Path cached = Files.createDirectories(home.resolve("models")).resolve(FILE);
        Files.write(cached, bytes);
        ModelRepository repo = repo().offline(true).build();
        assertThat(repo.resolve(entry).source()).isEqualTo(ResolvedModel.Source.CACHE);

        byte[] bad = bytes.clone();
        bad[0] ^= 1;
        Files.write(cached, bad);
        Files.setLastModifiedTime(cached, java.nio.file.attribute.FileTime.fromMillis(1_000_000L));

        assertThatThrownBy(() -> repo.resolve(entry)).isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(sha256(bad));
        assertThat(cached).doesNotExist();
    }

    @Test
    void resolve_replacesCorruptCachedFileFromMirror() throws IOException {
        ModelEntry entry = entry(FILE, bytes);
        Path cached = Files.createDirectories(home.resolve("models")).resolve(FILE);
        Files.write(cached, "garbage".getBytes(StandardCharsets.UTF_8));
        Files.write(elsewhere.resolve(FILE), bytes);

        ResolvedModel resolved = repo().offline(true).mirror(elsewhere.toString()).build().resolve(entry);

        assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.MIRROR);
        assertThat(Files.readAllBytes(cached)).isEqualTo(bytes);
    }

    // ------------------------------------------------------------------------------------------- mirror

    @Test
    void resolve_copiesFromMirrorFolderAndThenHitsTheCache() throws IOException {
        ModelEntry entry = entry(FILE, bytes);
        Files.write(elsewhere.resolve(FILE), bytes);
        ModelRepository repo = repo().offline(true).mirror(elsewhere.toString()).build();

        ResolvedModel first = repo.resolve(entry);
        ResolvedModel second = repo.resolve(entry);

        assertThat(first.source()).isEqualTo(ResolvedModel.Source.MIRROR);
        assertThat(first.path()).isEqualTo(home.resolve("models").resolve(FILE));
        assertThat(Files.readAllBytes(first.path())).isEqualTo(bytes);
        assertThat(second.source()).isEqualTo(ResolvedModel.Source.CACHE);
        assertThat(second.path()).isEqualTo(first.path());
        assertThat(repo.isCached(entry)).isTrue();
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_rejectsMirrorFileWithWrongHashAndKeepsNothing() throws IOException {
        ModelEntry entry = entry(FILE, bytes);
        byte[] bad = bytes.clone();
        bad[bad.length - 1] ^= 0x40;
        Files.write(elsewhere.resolve(FILE), bad);

        assertThatThrownBy(() -> repo().offline(true).mirror(elsewhere.toString()).build().resolve(entry))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(elsewhere.resolve(FILE).toString())
                .hasMessageContaining("expects " + sha)
                .hasMessageContaining("SHA-256 " + sha256(bad));
        assertThat(home.resolve("models").resolve(FILE)).doesNotExist();
        assertThat(elsewhere.resolve(FILE)).exists();
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_downloadsFromMirrorUrlEvenWhenOffline() throws IOException {
        ModelEntry entry = entry(FILE, bytes, server.uri("/upstream/" + FILE));
        server.serve("/mirror/" + FILE, bytes);
        ModelRepository repo = repo().offline(true).mirror(server.uri("/mirror").toString()).build();

        ResolvedModel resolved = repo.resolve(entry);

        assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.MIRROR);
        assertThat(Files.readAllBytes(resolved.path())).isEqualTo(bytes);
        assertThat(server.requests("/mirror/" + FILE)).isEqualTo(1);
        assertThat(server.requests("/upstream/" + FILE)).isZero();
        assertThat(repo.resolve(entry).source()).isEqualTo(ResolvedModel.Source.CACHE);
        assertThat(server.totalRequests()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------- download

    @Test
    void resolve_downloadsFromUpstreamUrlAndCachesIt() throws IOException {
        byte[] large = randomBytes(3 * 1024 * 1024 + 5, 7);
        ModelEntry entry = entry(FILE, large, server.uri("/up/" + FILE));
        server.serve("/up/" + FILE, large);
        ModelRepository repo = repo().build();

        ResolvedModel resolved = repo.resolve(entry);

        assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.DOWNLOAD);
        assertThat(resolved.path()).isEqualTo(home.resolve("models").resolve(FILE));
        assertThat(Files.readAllBytes(resolved.path())).isEqualTo(large);
        assertThat(repo.resolve(entry).source()).isEqualTo(ResolvedModel.Source.CACHE);
        assertThat(server.requests("/up/" + FILE)).isEqualTo(1);
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_followsRedirects() {
        ModelEntry entry = entry(FILE, bytes, server.uri("/old/" + FILE));
        server.redirect("/old/" + FILE, "/new/" + FILE).serve("/new/" + FILE, bytes);

        assertThat(repo().build().resolve(entry).source()).isEqualTo(ResolvedModel.Source.DOWNLOAD);
        assertThat(server.requests("/new/" + FILE)).isEqualTo(1);
    }

    @Test
    void resolve_triesNextUrlAfterHttpError() {
        ModelEntry entry = entry(FILE, bytes, server.uri("/gone/" + FILE), server.uri("/ok/" + FILE));
        server.status("/gone/" + FILE, 404).serve("/ok/" + FILE, bytes);

        ResolvedModel resolved = repo().build().resolve(entry);

        assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.DOWNLOAD);
        assertThat(server.requests("/gone/" + FILE)).isEqualTo(1);
        assertThat(server.requests("/ok/" + FILE)).isEqualTo(1);
    }

    @Test
    void resolve_triesNextUrlAfterWrongHash() {
        byte[] other = randomBytes(bytes.length, 99);
        ModelEntry entry = entry(FILE, bytes, server.uri("/wrong/" + FILE), server.uri("/ok/" + FILE));
        server.serve("/wrong/" + FILE, other).serve("/ok/" + FILE, bytes);

        assertThat(repo().build().resolve(entry).source()).isEqualTo(ResolvedModel.Source.DOWNLOAD);
        assertThat(server.requests("/ok/" + FILE)).isEqualTo(1);
    }

    @Test
    void resolve_reportsEveryFailedUrlWhenAllFail() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + closedPort + "/" + FILE);
        ModelEntry entry = entry(FILE, bytes, server.uri("/a/" + FILE), server.uri("/b/" + FILE), refused);
        server.status("/a/" + FILE, 404).status("/b/" + FILE, 503);

        assertThatThrownBy(() -> repo().build().resolve(entry))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageContaining("HTTP 404 from " + server.uri("/a/" + FILE))
                .hasMessageContaining("HTTP 503 from " + server.uri("/b/" + FILE))
                .hasMessageContaining("cannot connect to " + refused)
                .hasMessageContaining(home.resolve("models").resolve(FILE).toString())
                .hasMessageContaining("FER_MODEL_MIRROR");
        assertThat(home.resolve("models").resolve(FILE)).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_rejectsDownloadWithWrongHashAndKeepsNothing() {
        byte[] other = randomBytes(bytes.length, 42);
        ModelEntry entry = entry(FILE, bytes, server.uri("/up/" + FILE));
        server.serve("/up/" + FILE, other);

        assertThatThrownBy(() -> repo().build().resolve(entry))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(server.uri("/up/" + FILE).toString())
                .hasMessageContaining("expects " + sha)
                .hasMessageContaining("SHA-256 " + sha256(other));
        assertThat(home.resolve("models").resolve(FILE)).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_stopsDownloadLargerThanTheCatalogSize() {
        byte[] bigger = randomBytes(bytes.length * 3, 5);
        ModelEntry entry = entry(FILE, bytes, server.uri("/up/" + FILE));
        server.serve("/up/" + FILE, bigger);

        assertThatThrownBy(() -> repo().build().resolve(entry))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining("announced " + bigger.length + " bytes")
                .hasMessageContaining(String.valueOf(bytes.length));
        assertThat(home.resolve("models").resolve(FILE)).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_timesOutWhenServerNeverAnswers() {
        ModelEntry entry = entry(FILE, bytes, server.uri("/stall/" + FILE));
        server.stallBeforeHeaders("/stall/" + FILE);
        ModelRepository repo = repo().downloadTimeout(Duration.ofMillis(700)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> repo.resolve(entry))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageContaining(server.uri("/stall/" + FILE).toString())
                .hasMessageContaining("timed out after 700 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_timesOutWhenTheBodyStalls() {
        ModelEntry entry = entry(FILE, bytes, server.uri("/half/" + FILE));
        server.stallMidBody("/half/" + FILE, bytes);
        ModelRepository repo = repo().downloadTimeout(Duration.ofMillis(700)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> repo.resolve(entry))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageContaining(server.uri("/half/" + FILE).toString())
                .hasMessageContaining("timed out after 700 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(home.resolve("models").resolve(FILE)).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void resolve_fetchesOnceWhenSixteenThreadsAskAtOnce() throws Exception {
        ModelEntry entry = entry(FILE, bytes, server.uri("/up/" + FILE));
        server.serveSlowly("/up/" + FILE, bytes, 300);
        ModelRepository repo = repo().build();
        int threads = 16;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ResolvedModel>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<ResolvedModel> task = () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return repo.resolve(entry);
                };
                futures.add(pool.submit(task));
            }
            List<ResolvedModel> results = new ArrayList<>();
            for (Future<ResolvedModel> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(server.requests("/up/" + FILE)).isEqualTo(1);
            assertThat(results).extracting(ResolvedModel::path).containsOnly(home.resolve("models").resolve(FILE));
            assertThat(results).extracting(ResolvedModel::source)
                    .containsOnly(ResolvedModel.Source.DOWNLOAD, ResolvedModel.Source.CACHE)
                    .filteredOn(s -> s == ResolvedModel.Source.DOWNLOAD).hasSize(1);
            assertThat(Files.readAllBytes(home.resolve("models").resolve(FILE))).isEqualTo(bytes);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------- offline

    @Test
    void resolve_offlineMissSaysWhereToPlaceTheFile() {
        ModelEntry entry = entry(FILE, bytes, server.uri("/up/" + FILE));
        server.serve("/up/" + FILE, bytes);

        assertThatThrownBy(() -> repo().offline(true).build().resolve(entry))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageContaining("offline")
                .hasMessageContaining("place " + FILE + " at " + home.resolve("models").resolve(FILE))
                .hasMessageContaining("FER_MODEL_MIRROR");
        assertThat(server.totalRequests()).isZero();
    }

    @Test
    void resolve_offlineMissOfCatalogModelNamesItsFile() {
        ModelEntry yunet = ModelCatalog.get("yunet-2023mar");

        assertThatThrownBy(() -> repo().offline(true).build().resolve("yunet-2023mar"))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageContaining(home.resolve("models").resolve(yunet.fileName()).toString())
                .hasMessageContaining("FER_MODEL_MIRROR")
                .hasMessageContaining("FER_OFFLINE=false");
    }

    @Test
    void resolve_offlineMissWithMirrorFolderSaysTheMirrorLacksTheFile() {
        ModelEntry entry = entry(FILE, bytes);

        assertThatThrownBy(() -> repo().offline(true).mirror(elsewhere.toString()).build().resolve(entry))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the mirror folder " + elsewhere + " has no file " + FILE);
    }

    // ------------------------------------------------------------------------------------------- explicit

    @Test
    void resolve_usesExplicitFileWithoutCopyingIt() throws IOException {
        Path mine = Files.write(elsewhere.resolve("my-copy.bin"), bytes);
        ModelEntry entry = entry(FILE, bytes);

        ResolvedModel resolved = repo().offline(true).file(entry.id(), mine).build().resolve(entry);

        assertThat(resolved.source()).isEqualTo(ResolvedModel.Source.EXPLICIT);
        assertThat(resolved.path()).isEqualTo(mine);
        assertThat(home.resolve("models")).doesNotExist();
    }

    @Test
    void resolve_rejectsExplicitFileWithWrongHashButKeepsIt() throws IOException {
        byte[] bad = bytes.clone();
        bad[3] ^= 8;
        Path mine = Files.write(elsewhere.resolve("my-copy.bin"), bad);
        ModelEntry entry = entry(FILE, bytes);

        assertThatThrownBy(() -> repo().file(entry.id(), mine).build().resolve(entry))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(mine.toString())
                .hasMessageContaining(sha)
                .hasMessageContaining(sha256(bad));
        assertThat(mine).exists();
    }

    @Test
    void resolve_explainsMissingExplicitFile() {
        Path missing = elsewhere.resolve("nope.onnx");
        ModelEntry entry = entry(FILE, bytes);

        assertThatThrownBy(() -> repo().file(entry.id(), missing).build().resolve(entry))
                .isExactlyInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    // ------------------------------------------------------------------------------------------- misc

    @Test
    void resolve_unknownIdListsKnownIds() {
        assertThatThrownBy(() -> repo().build().resolve("no-such-model"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-model")
                .hasMessageContaining("yunet-2023mar")
                .hasMessageContaining("emotion-ferplus-8");
    }

    @Test
    void isCached_isFalseForMissingOrCorruptFiles() throws IOException {
        ModelEntry entry = entry(FILE, bytes);
        ModelRepository repo = repo().build();
        assertThat(repo.isCached(entry)).isFalse();
        Path cached = Files.createDirectories(repo.cacheDirectory()).resolve(FILE);
        Files.write(cached, randomBytes(10, 3));
        assertThat(repo.isCached(entry)).isFalse();
        Files.write(cached, bytes);
        assertThat(repo.isCached(entry)).isTrue();
    }

    @Test
    void sha256_matchesKnownVector() throws IOException {
        Path abc = Files.write(elsewhere.resolve("abc.txt"), "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(ModelRepository.sha256(abc))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256_explainsUnreadableFile() {
        Path missing = elsewhere.resolve("missing");
        assertThatThrownBy(() -> ModelRepository.sha256(missing)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString());
    }

    // ------------------------------------------------------------------------------------------- helpers

    private ModelRepository.Builder repo() {
        return ModelRepository.builder().home(home).connectTimeout(Duration.ofSeconds(5))
                .downloadTimeout(Duration.ofSeconds(20));
    }

    private ModelEntry entry(String fileName, byte[] content, URI... urls) {
        return new ModelEntry("tiny", ModelTask.EMOTION_CLASSIFIER, fileName, List.of(urls), sha256(content),
                content.length, "MIT", false, ModelContract.ANY, "A generated test file.");
    }

    private void assertNoTemporaryFiles() {
        Path cache = home.resolve("models");
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.equals(FILE) || n.endsWith(".lock"), "only the model and lock files");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
