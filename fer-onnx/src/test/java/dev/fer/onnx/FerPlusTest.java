package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.Emotion;
import dev.fer.ModelIntegrityException;
import dev.fer.ModelLoadException;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.onnx.testing.TinyOnnx;
import dev.fer.onnx.testing.TinyOnnx.Attr;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FER+ (8 classes with contempt): its weights are not available offline, so the whole classifier path runs on a
 * generated model of exactly its signature (Input3 [1,1,64,64] → Plus692_Output_0 [1,8], opset 8), and the catalog
 * entry's checksum flow is exercised with files that are not the real weights.
 */
class FerPlusTest {
    @TempDir
    Path tmp;

    /** Output j = (j + 1) · mean(pixel) / 255: easy to compute by hand. */
    static byte[] ferPlusLikeModel(int classes) {
        float[] w = new float[4096 * classes];
        for (int i = 0; i < 4096; i++) {
            for (int j = 0; j < classes; j++) {
                w[i * classes + j] = (j + 1) / 4096f / 255f;
            }
        }
        return TinyOnnx.opset(8).irVersion(3)
                .input("Input3", 1, 1, 64, 64)
                .output("Plus692_Output_0", 1, classes)
                .initializer("W", w, 4096, classes)
                .initializer("B", new float[classes], classes)
                .node("Flatten", List.of("Input3"), List.of("flat"), Attr.i("axis", 1))
                .node("Gemm", List.of("flat", "W", "B"), List.of("Plus692_Output_0"))
                .toBytes();
    }

    @Test
    void ferPlusSpec_onGeneratedModel_givesEightClassesWithContemptAndHandComputedSoftmax() {
        try (OnnxEmotionClassifier c = OnnxEmotionClassifier.create(ferPlusLikeModel(8), "ferplus-like",
                ClassifierSpec.FERPLUS, ExecutionOptions.defaults())) {
            assertThat(c.classes()).hasSize(8).contains(Emotion.CONTEMPT);
            assertThat(c.batched()).isFalse();
            byte[] px = new byte[100 * 80 * 3];
            Arrays.fill(px, (byte) 204);
            FerImage img = FerImage.of(px, 100, 80, PixelFormat.BGR);
            List<EmotionScores> all = c.classifyAll(img, List.of(
                    new Detection(new BoundingBox(10, 10, 50, 50), 0.9f),
                    new Detection(new BoundingBox(-30, -30, 30, 30), 0.8f)));
            // Face 1: every pixel 204 → mean 204 → logits (j+1)·0.8.
            double[] logits = new double[8];
            for (int j = 0; j < 8; j++) {
                logits[j] = (j + 1) * 204 / 255.0;
            }
            double sum = Arrays.stream(logits).map(Math::exp).sum();
            List<Emotion> order = ClassifierSpec.FERPLUS.labels();
            for (int j = 0; j < 8; j++) {
                assertThat((double) all.get(0).probability(order.get(j)))
                        .isCloseTo(Math.exp(logits[j]) / sum, within(1e-5));
            }
            assertThat(all.get(0).dominant()).isEqualTo(Emotion.CONTEMPT);
            // Face 2 is 3/4 outside the image: black border lowers the mean to 51, flattening the softmax.
            assertThat(all.get(1).probability(Emotion.CONTEMPT)).isLessThan(all.get(0).probability(Emotion.CONTEMPT));
        }
    }

    @Test
    void classifierWhoseOutputSizeDoesNotMatchLabels_failsAtLoadWithClearMessage() {
        assertThatThrownBy(() -> OnnxEmotionClassifier.create(ferPlusLikeModel(5), "five-classes",
                ClassifierSpec.FERPLUS, ExecutionOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has 5 classes but the ClassifierSpec lists 8 labels");
    }

    @Test
    void specWithWrongInputName_failsAtLoad() {
        ClassifierSpec wrong = ClassifierSpec.builder()
                .input("data", dev.fer.preprocess.Layout.NCHW, 64, 64, ClassifierSpec.Color.GRAY)
                .output("Plus692_Output_0", ClassifierSpec.OutputKind.LOGITS)
                .labels(ClassifierSpec.FERPLUS.labels()).build();
        assertThatThrownBy(() -> OnnxEmotionClassifier.create(ferPlusLikeModel(8), "x", wrong,
                ExecutionOptions.defaults()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("no input named 'data'")
                .hasMessageContaining("Input3");
    }

    @Test
    void catalogEntry_offlineWithoutFile_saysWhereToPlaceIt() {
        ModelRepository repo = ModelRepository.builder().home(tmp).offline(true).build();
        assertThatThrownBy(() -> OnnxEmotionClassifier.create("emotion-ferplus-8", ExecutionOptions.defaults(), repo))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("emotion-ferplus-8.onnx")
                .hasMessageContaining(tmp.resolve("models").toString());
    }

    @Test
    void catalogEntry_withWrongBytesInPlace_isRefusedByChecksum() throws IOException {
        ModelEntry entry = ModelCatalog.get("emotion-ferplus-8");
        Path fake = Files.write(tmp.resolve("fake.onnx"), ferPlusLikeModel(8));
        ModelRepository repo = ModelRepository.builder().home(tmp).offline(true).file(entry.id(), fake).build();
        assertThatThrownBy(() -> OnnxEmotionClassifier.create("emotion-ferplus-8", ExecutionOptions.defaults(), repo))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(entry.sha256());
        assertThat(fake).exists();
    }
}
