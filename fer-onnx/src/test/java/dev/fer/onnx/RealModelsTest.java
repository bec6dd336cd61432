package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.model.ModelContract;
import dev.fer.model.TensorSpec;
import dev.fer.internal.Sha256;
import dev.fer.testing.SharedAssets;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real model in ../shared/models opens with the contract written in MODELS.md and runs on zeros. */
class RealModelsTest {
    private static final Map<String, ModelContract> CONTRACTS = new LinkedHashMap<>();

    static {
        ModelContract ultra320 = contract(f("input", 1, 3, 240, 320), f("scores", 1, 4420, 2), f("boxes", 1, 4420, 4));
        CONTRACTS.put("ultraface-version-RFB-320.onnx", ultra320);
        CONTRACTS.put("ultraface-version-slim-320.onnx", ultra320);
        CONTRACTS.put("ultraface-version-RFB-320_without_postprocessing.onnx", ultra320);
        CONTRACTS.put("ultraface-version-RFB-640.onnx",
                contract(f("input", 1, 3, 480, 640), f("scores", 1, 17640, 2), f("boxes", 1, 17640, 4)));
        CONTRACTS.put("retinaface-mobilenet0.25-640x640.onnx", contract(f("input0", 1, 3, 640, 640),
                f("output0", 1, 16800, 4), f("output1", 1, 16800, 2), f("output2", 1, 16800, 10)));
        CONTRACTS.put("face_detection_yunet_2023mar.onnx", yunet(1, 640, 640));
        CONTRACTS.put("yunet_s_dynamic.onnx", yunet(-1, -1, -1));
        CONTRACTS.put("yolov5n-0.5-face.onnx", contract(f("data", 1, 3, 640, 640),
                f("stride_8", 1, 3, 80, 80, 16), f("stride_16", 1, 3, 40, 40, 16), f("stride_32", 1, 3, 20, 20, 16)));
        CONTRACTS.put("yolov8-lite-t-face.onnx", contract(f("images", 1, 3, 640, 640),
                f("output0", 1, 80, 80, 80), f("884", 1, 80, 40, 40), f("892", 1, 80, 20, 20)));
        CONTRACTS.put("facial_expression_recognition_mobilefacenet_2022july_int8.onnx",
                contract(f("data", 1, 3, 112, 112), f("label", 1, 7)));
        CONTRACTS.put("fer2013_mini_XCEPTION.102-0.66.onnx",
                contract(f("input_1", -1, 64, 64, 1), f("predictions", -1, 7)));
    }

    private static TensorSpec f(String name, long... shape) {
        return TensorSpec.ofFloat(name, shape);
    }

    private static ModelContract contract(TensorSpec input, TensorSpec... outputs) {
        return new ModelContract(List.of(input), List.of(outputs));
    }

    private static ModelContract yunet(long n, long h, long w) {
        List<TensorSpec> outs = new ArrayList<>();
        for (String kind : new String[] {"cls", "obj", "bbox", "kps"}) {
            for (int s : new int[] {8, 16, 32}) {
                long anchors = h < 0 ? -1 : (h / s) * (w / s);
                int width = switch (kind) {
                    case "bbox" -> 4;
                    case "kps" -> 10;
                    default -> 1;
                };
                outs.add(f(kind + "_" + s, n, anchors, width));
            }
        }
        return new ModelContract(List.of(f("input", n, 3, h, w)), outs);
    }

    static Stream<Arguments> models() {
        return CONTRACTS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyModelInTheSharedFolderHasAContract() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(SharedAssets.models())) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).sorted().toList();
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(CONTRACTS.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void open_realModelMatchesItsContractAndRunsOnZeros(String file, ModelContract contract) throws IOException {
        Path path = SharedAssets.models().resolve(file);
        String id = file.replace(".onnx", "");
        try (OnnxSession s = OnnxSession.open(path, contract, ExecutionOptions.defaults(), id)) {
            assertThat(s.provenance().sha256()).isEqualTo(Sha256.of(path));
            assertThat(s.provenance().provider()).isEqualTo("CPU");

            TensorSpec in = contract.inputs().get(0);
            long[] shape = in.shape().stream().mapToLong(Long::longValue).toArray();
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    shape[i] = i == 0 ? 1 : 320; // batch 1; dynamic YuNet at 320x320
                }
            }
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            InputTensor zeros = InputTensor.of(TestModels.direct(new float[(int) count]), shape);

            Map<String, long[]> shapes = s.run(in.name(), zeros, out -> {
                Map<String, long[]> seen = new LinkedHashMap<>();
                for (String name : out.names()) {
                    FloatBuffer b = out.floats(name);
                    assertThat(b.isReadOnly()).isTrue();
                    long n = 1;
                    for (long d : out.shape(name)) {
                        n *= d;
                    }
                    assertThat(b.remaining()).isEqualTo(n);
                    for (int i = 0; i < b.remaining(); i++) {
                        assertThat(Float.isFinite(b.get(i))).as("%s[%d] is finite", name, i).isTrue();
                    }
                    seen.put(name, out.shape(name));
                }
                return seen;
            });

            assertThat(shapes.keySet()).containsExactlyElementsOf(
                    contract.outputs().stream().map(TensorSpec::name).toList());
            for (TensorSpec spec : contract.outputs()) {
                assertThat(spec.matchesShape(shapes.get(spec.name()))).as(spec.name()).isTrue();
            }
        }
    }

    @Test
    void miniXception_dynamicBatchRunsInPlaceFromTheSecondRunWithTheSameBatch() {
        Path path = SharedAssets.models().resolve("fer2013_mini_XCEPTION.102-0.66.onnx");
        try (OnnxSession s = OnnxSession.open(path, CONTRACTS.get(path.getFileName().toString()),
                ExecutionOptions.defaults(), "fer-mini-xception")) {
            InputTensor three = InputTensor.of(new float[3 * 64 * 64], 3, 64, 64, 1);
            for (int run = 0; run < 2; run++) {
                boolean inPlace = s.run("input_1", three, out -> {
                    assertThat(out.shape("predictions")).containsExactly(3, 7);
                    FloatBuffer p = out.floats("predictions");
                    for (int face = 0; face < 3; face++) {
                        float sum = 0;
                        for (int k = 0; k < 7; k++) {
                            sum += p.get(face * 7 + k);
                        }
                        assertThat(sum).as("softmax of face %d", face).isCloseTo(1f, within(1e-4f));
                    }
                    return p.isDirect();
                });
                assertThat(inPlace).isEqualTo(run > 0);
            }
        }
    }
}
