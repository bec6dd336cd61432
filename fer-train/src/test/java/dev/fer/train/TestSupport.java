package dev.fer.train;

import dev.fer.model.ModelRepository;
import dev.fer.onnx.ExecutionOptions;
import dev.fer.testing.SharedAssets;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The repository and execution options of this module's tests. */
final class TestSupport {
    private TestSupport() {
    }

    static ModelRepository repository() {
        String home = System.getProperty("fer.home");
        Path h = home != null ? Paths.get(home) : Paths.get("target", "fer-home");
        return ModelRepository.builder().home(h).mirror(SharedAssets.models().toString()).offline(true).build();
    }

    static ExecutionOptions execution() {
        return ExecutionOptions.builder().intraOpThreads(2).build();
    }
}
