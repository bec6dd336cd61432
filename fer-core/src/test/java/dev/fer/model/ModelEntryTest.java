package dev.fer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelEntryTest {
    private static final String SHA = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";

    private static ModelEntry entry(String id, String fileName, List<URI> urls, String sha, long size) {
        return new ModelEntry(id, ModelTask.FACE_DETECTOR, fileName, urls, sha, size, "MIT", false,
                ModelContract.ANY, "test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", ".", "a/b", "a\\b", "/abs", "x..y", "", " a", "a b", "C:x", "-x",
            ".hidden", "a/../b", "%2e%2e"})
    void constructor_rejectsIdsThatCouldEscapeTheCache(String id) {
        assertThatThrownBy(() -> entry(id, "f.onnx", List.of(), SHA, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model id")
                .hasMessageContaining("without path separators");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../f.onnx", "..", "sub/f.onnx", "sub\\f.onnx", "/etc/passwd", "C:\\models\\f.onnx",
            "f..onnx", "~/f.onnx", "f.onnx\u0000", ""})
    void constructor_rejectsFileNamesThatCouldEscapeTheCache(String fileName) {
        assertThatThrownBy(() -> entry("ok", fileName, List.of(), SHA, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model file name");
    }

    @Test
    void constructor_rejectsAbsolutePathAsFileName() {
        String absolute = Path.of("models", "f.onnx").toAbsolutePath().toString();
        assertThatThrownBy(() -> entry("ok", absolute, List.of(), SHA, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_rejectsFileNamesReservedForLocksAndTemporaryFiles() {
        assertThatThrownBy(() -> entry("ok", "f.onnx.lock", List.of(), SHA, 10))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> entry("ok", "f.onnx.part", List.of(), SHA, 10))
                .hasMessageContaining("reserved");
    }

    @Test
    void constructor_acceptsCatalogStyleNames() {
        ModelEntry e = entry("yolov5n-0.5-face", "fer2013_mini_XCEPTION.102-0.66.onnx", List.of(), SHA, 10);
        assertThat(e.id()).isEqualTo("yolov5n-0.5-face");
    }

    @Test
    void constructor_lowercasesTheHash() {
        assertThat(entry("ok", "f.onnx", List.of(), SHA.toUpperCase(java.util.Locale.ROOT), 10).sha256())
                .isEqualTo(SHA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa",
            "zz2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4"})
    void constructor_rejectsMalformedHashes(String sha) {
        assertThatThrownBy(() -> entry("ok", "f.onnx", List.of(), sha, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hexadecimal digits");
    }

    @Test
    void constructor_rejectsNonPositiveSizesOtherThanUnknown() {
        assertThatThrownBy(() -> entry("ok", "f.onnx", List.of(), SHA, 0)).hasMessageContaining("-1 (unknown)");
        assertThat(entry("ok", "f.onnx", List.of(), SHA, -1).hasKnownSize()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/f.onnx", "relative/f.onnx", "https:f.onnx"})
    void constructor_rejectsNonHttpUrls(String url) {
        assertThatThrownBy(() -> entry("ok", "f.onnx", List.of(URI.create(url)), SHA, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https");
    }

    @Test
    void constructor_copiesTheUrlList() {
        java.util.ArrayList<URI> urls = new java.util.ArrayList<>(List.of(URI.create("https://example.com/f")));
        ModelEntry e = entry("ok", "f.onnx", urls, SHA, 10);
        urls.clear();
        assertThat(e.urls()).hasSize(1);
    }
}
