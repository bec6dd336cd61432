package dev.fer.onnx.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.model.ModelContract;
import dev.fer.model.TensorSpec;
import dev.fer.onnx.ExecutionOptions;
import dev.fer.onnx.InputTensor;
import dev.fer.onnx.OnnxSession;
import dev.fer.onnx.testing.TinyOnnx.Attr;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyOnnxTest {
    @TempDir
    Path tmp;

    @Test
    void ferPlusSignature_opset8FlattenGemmRunsAndMatchesHandComputation() {
        float[] w = new float[4096 * 8];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((i * 31) % 17 - 8) / 1000f;
        }
        float[] b = {0, 1, 2, 3, 4, 5, 6, 7};
        byte[] model = TinyOnnx.opset(8).irVersion(3)
                .input("Input3", 1, 1, 64, 64)
                .output("Plus692_Output_0", 1, 8)
                .initializer("W", w, 4096, 8)
                .initializer("B", b, 8)
                .node("Flatten", List.of("Input3"), List.of("flat"), Attr.i("axis", 1))
                .node("Gemm", List.of("flat", "W", "B"), List.of("Plus692_Output_0"))
                .toBytes();
        ModelContract ferPlus = new ModelContract(List.of(TensorSpec.ofFloat("Input3", 1, 1, 64, 64)),
                List.of(TensorSpec.ofFloat("Plus692_Output_0", 1, 8)));
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 256;
        }

        float[] y;
        Path file = new TinyOnnxFile(tmp).write("emotion-ferplus-like.onnx", model);
        try (OnnxSession s = OnnxSession.open(file, ferPlus, ExecutionOptions.defaults(), "ferplus-like")) {
            y = s.runToArray(Map.of("Input3", InputTensor.of(x, 1, 1, 64, 64)), "Plus692_Output_0");
        }

        for (int j = 0; j < 8; j++) {
            double expected = b[j];
            for (int i = 0; i < 4096; i++) {
                expected += (double) x[i] * w[i * 8 + j];
            }
            assertThat(y[j]).as("class %d", j).isCloseTo((float) expected, within(1e-2f));
        }
    }

    @Test
    void detectorShapedModel_reduceMeanReshapeSigmoidConcatIdentity() {
        byte[] model = TinyOnnx.opset(13)
                .input("images", 1, 3, 8, 8)
                .output("scores", 1, 64, 1)
                .output("boxes", 1, 64, 4)
                .output("raw", 1, 3, 8, 8)
                .initializer("rows", new long[] {1, 64, 1}, 3)
                .node("ReduceMean", List.of("images"), List.of("mean"), Attr.ints("axes", 1), Attr.i("keepdims", 1))
                .node("Reshape", List.of("mean", "rows"), List.of("m"))
                .node("Sigmoid", List.of("m"), List.of("scores"))
                .node("Concat", List.of("m", "m", "m", "m"), List.of("boxes"), Attr.i("axis", 2))
                .node("Identity", List.of("images"), List.of("raw"))
                .toBytes();
        float[] x = new float[3 * 64];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 64; i++) {
                x[c * 64 + i] = c + i * 0.01f;
            }
        }

        try (OnnxSession s = OnnxSession.open(model, ModelContract.ANY, ExecutionOptions.defaults(), "det")) {
            s.run("images", InputTensor.of(x, 1, 3, 8, 8), out -> {
                assertThat(out.shape("scores")).containsExactly(1, 64, 1);
                assertThat(out.shape("boxes")).containsExactly(1, 64, 4);
                for (int i = 0; i < 64; i++) {
                    float mean = 1 + i * 0.01f;
                    assertThat(out.floats("scores").get(i))
                            .isCloseTo((float) (1 / (1 + Math.exp(-mean))), within(1e-5f));
                    for (int k = 0; k < 4; k++) {
                        assertThat(out.floats("boxes").get(i * 4 + k)).isCloseTo(mean, within(1e-5f));
                    }
                }
                assertThat(out.floats("raw").get(64 + 5)).isEqualTo(x[64 + 5]);
                return null;
            });
        }
    }

    @Test
    void scalarsAndAttributes_mulByScalarWithGemmAlphaAndTranspose() {
        byte[] model = TinyOnnx.opset(13)
                .input("a", 2, 3)
                .output("y", 2, 2)
                .initializer("bT", new float[] {1, 0, 1, 0, 1, 1}, 2, 3)
                .initializer("half", new float[] {0.5f})
                .node("Gemm", List.of("a", "bT"), List.of("g"), Attr.f("alpha", 2f), Attr.i("transB", 1))
                .node("Mul", List.of("g", "half"), List.of("y"))
                .toBytes();
        try (OnnxSession s = OnnxSession.open(model, ModelContract.ANY, ExecutionOptions.defaults(), "gemm")) {
            float[] y = s.runToArray(Map.of("a", InputTensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)), "y");
            // a . bT^T = [[1+3, 2+3], [4+6, 5+6]]; alpha 2 then * 0.5 leaves it unchanged.
            assertThat(y).containsExactly(4, 5, 10, 11);
        }
    }

    /** Writes generated models beside the test. */
    private record TinyOnnxFile(Path dir) {
        Path write(String name, byte[] bytes) {
            try {
                return java.nio.file.Files.write(dir.resolve(name), bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
