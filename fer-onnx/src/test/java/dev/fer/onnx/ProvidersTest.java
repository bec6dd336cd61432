package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.fer.Device;
import dev.fer.ModelLoadException;
import dev.fer.ProviderUnavailableException;
import dev.fer.model.ModelContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider selection on the CPU-only artifact that fer-onnx depends on by default. */
class ProvidersTest {
    private static ExecutionOptions on(Device device) {
        return ExecutionOptions.builder().device(device).build();
    }

    private static void assumeCpuOnlyArtifact() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "the GPU artifact is on the class path; this test covers the CPU-only one");
    }

    @Test
    void cuda_onCpuOnlyArtifactExplainsTheArtifactSwap() {
        assumeCpuOnlyArtifact();

        assertThatThrownBy(() -> OnnxSession.open(TestModels.affine(), TestModels.affineContract(),
                on(Device.cuda(0)), "affine"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("CUDA device 0 was requested for model 'affine'")
                .hasMessageContaining("replace the dependency com.microsoft.onnxruntime:onnxruntime with "
                        + "com.microsoft.onnxruntime:onnxruntime_gpu:1.29.0")
                .hasMessageContaining("never both on the class path")
                .hasMessageContaining("NVIDIA driver")
                .hasMessageContaining("CUDA 12")
                .hasMessageContaining("cuDNN 9")
                .hasMessageContaining("CPU-only build")
                .hasMessageContaining("Failed to find CUDA shared provider");
    }

    @Test
    void cuda_providerProblemIsReportedEvenForABrokenModel() {
        assumeCpuOnlyArtifact();
        // On the CPU-only artifact adding the provider fails before the model is read.
        assertThatThrownBy(() -> OnnxSession.open(new byte[] {1, 2, 3}, ModelContract.ANY, on(Device.cuda(1)),
                "junk"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("CUDA device 1");
    }

    @Test
    void auto_brokenModelGivesModelLoadException() {
        assertThatThrownBy(() -> OnnxSession.open(new byte[] {1, 2, 3}, ModelContract.ANY, on(Device.AUTO), "junk"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model 'junk'");
    }

    @Test
    void auto_fallsBackToCpuAndProvenanceSaysCpu() {
        assumeCpuOnlyArtifact();
        for (int i = 0; i < 2; i++) {
            try (OnnxSession s = OnnxSession.open(TestModels.affine(), TestModels.affineContract(), on(Device.AUTO),
                    "affine")) {
                assertThat(s.provenance().provider()).isEqualTo("CPU");
                assertThat(s.runToArray(Map.of("x", InputTensor.of(TestModels.X, 1, 4)), "y"))
                        .containsExactly(TestModels.Y);
            }
        }
    }

    @Test
    void cpu_optionsAreApplied() {
        ExecutionOptions options = ExecutionOptions.builder().intraOpThreads(1).allowSpinning(true)
                .optimizationLevel(ExecutionOptions.OptimizationLevel.NONE).build();
        try (OnnxSession s = OnnxSession.open(TestModels.affine(), TestModels.affineContract(), options, "affine")) {
            assertThat(s.provenance().provider()).isEqualTo("CPU");
            assertThat(s.runToArray(Map.of("x", InputTensor.of(TestModels.X, 1, 4)), "y"))
                    .containsExactly(TestModels.Y);
        }
    }
}
