package dev.fer.model;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point for {@link ModelRepositoryCrossProcessTest}: resolves one generated model in a second JVM and prints
 * the source on standard output.
 */
public final class ResolveInChildJvm {
    private ResolveInChildJvm() {
    }

    /**
     * Resolves the model.
     *
     * @param args fer home, download URL, SHA-256, size in bytes
     */
    public static void main(String[] args) {
        ModelEntry entry = new ModelEntry("tiny", ModelTask.EMOTION_CLASSIFIER, "tiny-model.onnx",
                List.of(URI.create(args[1])), args[2], Long.parseLong(args[3]), "MIT", false, ModelContract.ANY,
                "A generated test file.");
        ResolvedModel resolved = ModelRepository.builder().home(Path.of(args[0])).build().resolve(entry);
        System.out.println("SOURCE=" + resolved.source());
    }
}
