package dev.fer.onnx;

import static dev.fer.onnx.TestModels.X;
import static dev.fer.onnx.TestModels.Y;
import static dev.fer.onnx.TestModels.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.InferenceException;
import dev.fer.ModelLoadException;
import dev.fer.model.ModelContract;
import dev.fer.model.TensorSpec;
import dev.fer.internal.Sha256;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSessionTest {
    @TempDir
    Path tmp;

    private OnnxSession affine() {
        return OnnxSession.open(TestModels.affine(), TestModels.affineContract(), ExecutionOptions.defaults(),
                "affine");
    }

    @Test
    void run_generatedModelGivesHandComputedOutputs() {
        try (OnnxSession s = affine()) {
            float[] y = s.runToArray(Map.of("x", InputTensor.of(X, 1, 4)), "y");
            float[] p = s.runToArray(Map.of("x", InputTensor.of(direct(X), 1, 4)), "p");

            assertThat(y).containsExactly(Y[0], Y[1]);
            double e = Math.exp(-12.0);
            assertThat(p[0]).isCloseTo((float) (1 / (1 + e)), within(1e-7f));
            assertThat(p[1]).isCloseTo((float) (e / (1 + e)), within(1e-9f));
            assertThat(s.inputNames()).containsExactly("x");
            assertThat(s.outputNames()).containsExactly("y", "p");
        }
    }

    @Test
    void open_fromFileReportsShaAndCpuProvider() throws Exception {
        Path file = tmp.resolve("affine.onnx");
        Files.write(file, TestModels.affine());
        try (OnnxSession s = OnnxSession.open(file, TestModels.affineContract(), ExecutionOptions.defaults(),
                "affine-file")) {
            assertThat(s.provenance().id()).isEqualTo("affine-file");
            assertThat(s.provenance().sha256()).isEqualTo(Sha256.of(TestModels.affine())).hasSize(64);
            assertThat(s.provenance().provider()).isEqualTo("CPU");
            assertThat(s.runToArray(Map.of("x", InputTensor.of(X, 1, 4)), "y")).containsExactly(Y);
        }
    }

    @Test
    void open_withKnownShaUsesItWithoutHashing() throws Exception {
        Path file = tmp.resolve("affine.onnx");
        Files.write(file, TestModels.affine());
        String label = "AB".repeat(32);
        try (OnnxSession s = OnnxSession.open(file, ModelContract.ANY, ExecutionOptions.defaults(), "m", label)) {
            assertThat(s.provenance().sha256()).isEqualTo("ab".repeat(32));
            assertThat(s.outputNames()).containsExactly("y", "p");
        }
        assertThatThrownBy(() -> OnnxSession.open(file, ModelContract.ANY, ExecutionOptions.defaults(), "m", "xyz"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits");
    }

    @Test
    void open_wrongInputNameListsExpectedAndActualTensors() throws Exception {
        Path file = tmp.resolve("affine.onnx");
        Files.write(file, TestModels.affine());
        ModelContract contract = new ModelContract(List.of(TensorSpec.ofFloat("input", 1, 4)),
                List.of(TensorSpec.ofFloat("y", 1, 2)));

        assertThatThrownBy(() -> OnnxSession.open(file, contract, ExecutionOptions.defaults(), "affine"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model 'affine'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected input 'input' is missing")
                .hasMessageContaining("needs input 'x:float[1,4]'")
                .hasMessageContaining("expected inputs:  [input:float[1,4]]")
                .hasMessageContaining("actual inputs:    [x:float[1,4]]")
                .hasMessageContaining("expected outputs: [y:float[1,2]]")
                .hasMessageContaining("actual outputs:   [y:float[1,2], p:float[1,2]]");
    }

    @Test
    void open_wrongOutputShapeListsExpectedAndActualTensors() {
        ModelContract contract = new ModelContract(List.of(TensorSpec.ofFloat("x", 1, 4)),
                List.of(TensorSpec.ofFloat("y", 1, 3), TensorSpec.ofFloat("p", -1, 2)));

        assertThatThrownBy(() -> OnnxSession.open(TestModels.affine(), contract, ExecutionOptions.defaults(), "aff"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model 'aff'")
                .hasMessageContaining("output 'y' should have shape [1,3] but has [1,2]")
                .hasMessageContaining("expected outputs: [y:float[1,3], p:float[?,2]]")
                .hasMessageContaining("actual outputs:   [y:float[1,2], p:float[1,2]]")
                .hasMessageNotContaining("output 'p'");
    }

    @Test
    void open_wrongElementTypeIsAMismatch() {
        ModelContract contract = new ModelContract(
                List.of(new TensorSpec("x", TensorSpec.ElementType.UINT8, List.of(1L, 4L))), List.of());

        assertThatThrownBy(() -> OnnxSession.open(TestModels.affine(), contract, ExecutionOptions.defaults(), "aff"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("input 'x' should hold uint8 but holds float");
    }

    @Test
    void open_dynamicDimensionsOnEitherSideMatch() {
        ModelContract contract = new ModelContract(List.of(TensorSpec.ofFloat("x", -1, 3)),
                List.of(TensorSpec.ofFloat("y", 7, 3)));
        try (OnnxSession s = OnnxSession.open(TestModels.doubler(), contract, ExecutionOptions.defaults(), "dbl")) {
            assertThat(s.outputSpecs()).containsExactly(TensorSpec.ofFloat("y", -1, 3));
            assertThat(s.inputSpecs()).containsExactly(TensorSpec.ofFloat("x", -1, 3));
        }
    }

    @Test
    void open_textFileNamedOnnxGivesModelLoadException() throws Exception {
        Path file = tmp.resolve("model.onnx");
        Files.writeString(file, "this is not a model\n");

        assertThatThrownBy(() -> OnnxSession.open(file, ModelContract.ANY, ExecutionOptions.defaults(), "txt"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model 'txt'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("ONNX Runtime rejected it")
                .hasMessageContaining("plain text")
                .hasMessageContaining("not an ONNX model");
    }

    @Test
    void open_gitLfsPointerIsRecognised() throws Exception {
        Path file = tmp.resolve("lfs.onnx");
        Files.writeString(file, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 35040571\n");

        assertThatThrownBy(() -> OnnxSession.open(file, ModelContract.ANY, ExecutionOptions.defaults(), "lfs"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Git LFS pointer");
    }

    @Test
    void open_emptyBytesGiveModelLoadException() {
        assertThatThrownBy(() -> OnnxSession.open(new byte[0], ModelContract.ANY, ExecutionOptions.defaults(), "e"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model 'e'")
                .hasMessageContaining("empty");
    }

    @Test
    void open_garbageBytesGiveModelLoadException() {
        byte[] garbage = {(byte) 0x08, (byte) 0xff, (byte) 0xff, 0x12, 0x7f, 0x01};
        assertThatThrownBy(() -> OnnxSession.open(garbage, ModelContract.ANY, ExecutionOptions.defaults(), "g"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model 'g' (6 bytes in memory)");
    }

    @Test
    void open_emptyFileGivesModelLoadException() throws Exception {
        Path file = Files.createFile(tmp.resolve("empty.onnx"));
        assertThatThrownBy(() -> OnnxSession.open(file, ModelContract.ANY, ExecutionOptions.defaults(), "e"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is empty");
    }

    @Test
    void open_missingFileGivesModelLoadException() {
        Path file = tmp.resolve("nowhere/missing.onnx");
        assertThatThrownBy(() -> OnnxSession.open(file, ModelContract.ANY, ExecutionOptions.defaults(), "gone"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("model 'gone'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void open_blankIdIsRejected() {
        assertThatThrownBy(() -> OnnxSession.open(TestModels.affine(), ModelContract.ANY,
                ExecutionOptions.defaults(), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelId");
    }

    @Test
    void run_wrongBufferSizeNamesInputExpectedAndActual() {
        try (OnnxSession s = affine()) {
            assertThatThrownBy(() -> s.runToArray(Map.of("x", InputTensor.of(new float[] {1, 2, 3}, 1, 4)), "y"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Input 'x'")
                    .hasMessageContaining("model 'affine'")
                    .hasMessageContaining("needs 4 floats")
                    .hasMessageContaining("has 3 remaining");
        }
    }

    @Test
    void run_wrongShapeNamesInputExpectedAndActual() {
        try (OnnxSession s = affine()) {
            assertThatThrownBy(() -> s.runToArray(Map.of("x", InputTensor.of(new float[] {1, 2, 3, 4}, 4, 1)), "y"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Input 'x'")
                    .hasMessageContaining("expects shape [1,4]")
                    .hasMessageContaining("got [4, 1]");
        }
    }

    @Test
    void run_unknownOrMissingInputIsNamed() {
        try (OnnxSession s = affine()) {
            assertThatThrownBy(() -> s.runToArray(Map.of("input", InputTensor.of(X, 1, 4)), "y"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no input 'input'")
                    .hasMessageContaining("its inputs are [x:float[1,4]]");
            assertThatThrownBy(() -> s.runToArray(Map.of(), "y"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs input(s) [x:float[1,4]]");
        }
    }

    @Test
    void run_unknownOutputNameIsNamed() {
        try (OnnxSession s = affine()) {
            assertThatThrownBy(() -> s.runToArray(Map.of("x", InputTensor.of(X, 1, 4)), "logits"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no output 'logits'")
                    .hasMessageContaining("[y, p]");
        }
    }

    @Test
    void run_runtimeFailureIsWrappedInInferenceExceptionNamingTheModel() {
        try (OnnxSession s = OnnxSession.open(TestModels.reshapeToTwoByTwo(), ModelContract.ANY,
                ExecutionOptions.defaults(), "reshaper")) {
            assertThat(s.runToArray(Map.of("x", InputTensor.of(new float[] {1, 2, 3, 4}, 4)), "y"))
                    .containsExactly(1, 2, 3, 4);
            assertThatThrownBy(() -> s.runToArray(Map.of("x", InputTensor.of(new float[] {1, 2, 3}, 3)), "y"))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("model 'reshaper'")
                    .hasCauseInstanceOf(ai.onnxruntime.OrtException.class);
        }
    }

    @Test
    void run_readsOutputsInPlaceFromReusedDirectReadOnlyBuffers() {
        try (OnnxSession s = affine()) {
            InputTensor x = InputTensor.of(direct(X), 1, 4);
            List<FloatBuffer> seen = new ArrayList<>();
            float first = s.run("x", x, out -> {
                FloatBuffer y = out.floats("y");
                assertThat(y.isDirect()).isTrue();
                assertThat(y.isReadOnly()).isTrue();
                assertThat(y.hasArray()).isFalse();
                assertThat(y.position()).isZero();
                assertThat(y.remaining()).isEqualTo(2);
                assertThat(out.shape("y")).containsExactly(1, 2);
                seen.add(y);
                return y.get(0);
            });
            float second = s.run("x", x, out -> {
                seen.add(out.floats("y"));
                return out.floats("y").get(0);
            });

            assertThat(first).isEqualTo(Y[0]);
            assertThat(second).isEqualTo(Y[0]);
            assertThat(seen.get(1)).as("the same pinned output memory is reused").isSameAs(seen.get(0));
            assertThat(x.data().position()).as("the caller's buffer is not moved").isZero();
        }
    }

    @Test
    void run_outputsAreUnusableAfterTheReaderReturns() {
        try (OnnxSession s = affine()) {
            Outputs kept = s.run("x", InputTensor.of(X, 1, 4), out -> out);
            assertThatThrownBy(() -> kept.floats("y"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only inside the reader");
        }
    }

    @Test
    void run_dynamicOutputIsCopiedOnceThenReadInPlaceForTheSameInputShape() {
        try (OnnxSession s = OnnxSession.open(TestModels.doubler(), ModelContract.ANY, ExecutionOptions.defaults(),
                "doubler")) {
            InputTensor two = InputTensor.of(direct(1, 2, 3, 4, 5, 6), 2, 3);
            InputTensor three = InputTensor.of(new float[] {1, 1, 1, 2, 2, 2, 3, 3, 3}, 3, 3);

            boolean firstDirect = s.run("x", two, out -> out.floats("y").isDirect());
            assertThat(firstDirect).isFalse();
            for (int i = 0; i < 2; i++) {
                float[] y = s.run("x", two, out -> {
                    assertThat(out.floats("y").isDirect()).isTrue();
                    assertThat(out.shape("y")).containsExactly(2, 3);
                    return copy(out.floats("y"));
                });
                assertThat(y).containsExactly(2, 4, 6, 8, 10, 12);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(s.runToArray(Map.of("x", three), "y")).containsExactly(2, 2, 2, 4, 4, 4, 6, 6, 6);
            }
            boolean laterDirect = s.run("x", three, out -> out.floats("y").isDirect());
            assertThat(laterDirect).isTrue();
        }
    }

    @Test
    void run_dataDependentOutputShapeStaysCorrect() {
        try (OnnxSession s = OnnxSession.open(TestModels.dataDependent(), ModelContract.ANY,
                ExecutionOptions.defaults(), "data-dependent")) {
            assertThat(s.runToArray(Map.of("n", InputTensor.of(new float[] {3}, 1)), "z"))
                    .containsExactly(0.25f, 0.25f, 0.25f);
            assertThat(s.runToArray(Map.of("n", InputTensor.of(new float[] {5}, 1)), "z")).hasSize(5);
            assertThat(s.runToArray(Map.of("n", InputTensor.of(new float[] {2}, 1)), "z")).hasSize(2);
        }
    }

    private static float[] copy(FloatBuffer b) {
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }
}
