package dev.fer.onnx;

import dev.fer.model.ModelRepository;
import dev.fer.testing.SharedAssets;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The model repository tests use: offline, cache under target/, ../shared/models as the mirror. */
final class TestRepos {
    private static volatile ModelRepository repo;

    private TestRepos() {
    }

    static ModelRepository shared() {
        ModelRepository r = repo;
        if (r == null) {
            String home = System.getProperty("fer.home");
            Path h = home != null ? Paths.get(home) : Paths.get("target", "fer-home");
            r = ModelRepository.builder().home(h).mirror(SharedAssets.models().toString()).offline(true).build();
            repo = r;
        }
        return r;
    }

    static DetectorOptions.Builder detectorOptions() {
        return DetectorOptions.builder().repository(shared())
                .execution(ExecutionOptions.builder().intraOpThreads(2).build());
    }
}
