package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.EmotionPipeline;
import dev.fer.ModelLoadException;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelTask;
import dev.fer.result.Detection;
import dev.fer.testing.SharedAssets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unknown ids name the known ones; a closed classifier refuses every call. */
class ApiWithoutSurprisesTest {
    @Test
    void unknownIdsInTheBuilder_listTheKnownIdsOfThatKind() {
        assertThatThrownBy(() -> EmotionPipeline.builder().detector("nope").build())
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining(String.join(", ", ModelCatalog.forTask(ModelTask.FACE_DETECTOR).stream()
                        .map(ModelEntry::id).toList()));
        assertThatThrownBy(() -> EmotionPipeline.builder().classifier("yunet-2023mar").build())
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'yunet-2023mar'")
                .hasMessageContaining(String.join(", ", ModelCatalog.forTask(ModelTask.EMOTION_CLASSIFIER)
                        .stream().map(ModelEntry::id).toList()));
    }

    @Test
    void closedClassifier_throwsOnEveryCall_evenWithNoFaces() {
        FerImage image = Images.read(SharedAssets.image("single/obama.jpg"));
        OnnxEmotionClassifier c = OnnxEmotionClassifier.create("fer-mini-xception");
        assertThat(c.classifyAll(image, List.of())).isEmpty();
        c.close();
        assertThatThrownBy(() -> c.classifyAll(image, List.<Detection>of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }
}
