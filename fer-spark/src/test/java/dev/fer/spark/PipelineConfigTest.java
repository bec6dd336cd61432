package dev.fer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {
    @Test
    void serialisesToAnEqualConfig() throws Exception {
        PipelineConfig c = PipelineConfig.builder().detector("retinaface-mnet025").classifier("none").threads(2)
                .scoreThreshold(0.5f).maxFaces(7).modelMirror("/mirror").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }
        assertThat(back).isEqualTo(c).hasSameHashCodeAs(c).isNotEqualTo(PipelineConfig.defaults());
        assertThat(((PipelineConfig) back).classifier()).isEmpty();
        assertThat(((PipelineConfig) back).modelMirror()).contains("/mirror");
    }

    @Test
    void build_rejectsUnknownIdsAndOutOfRangeValues() {
        assertThatThrownBy(() -> PipelineConfig.builder().detector("fer-mini-xception").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown detector id");
        assertThatThrownBy(() -> PipelineConfig.builder().classifier("yunet-2023mar").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(", none, or the path of a head file");
        assertThatThrownBy(() -> PipelineConfig.builder().threads(0).build())
                .hasMessage("threads must be at least 1, got 0.");
        assertThatThrownBy(() -> PipelineConfig.builder().scoreThreshold(1f).build())
                .hasMessageContaining("scoreThreshold must be between 0 and 1");
        assertThatThrownBy(() -> PipelineConfig.builder().device("tpu").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classifier_acceptsHeadFilePaths_thatNeedNotExistOnTheDriver() throws Exception {
        PipelineConfig shipped = PipelineConfig.builder().classifier("store-cams.ferhead").build();
        assertThat(shipped.classifierIsHeadFile()).isTrue();
        assertThat(shipped.classifier()).contains("store-cams.ferhead");
        assertThat(PipelineConfig.defaults().classifierIsHeadFile()).isFalse();
        Path other = Files.createTempFile("head", ".bin");
        try {
            assertThat(PipelineConfig.builder().classifier(other.toString()).build().classifierIsHeadFile()).isTrue();
        } finally {
            Files.delete(other);
        }
        assertThatThrownBy(() -> PipelineConfig.builder().classifier("no-such-model").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown classifier id 'no-such-model'");
    }
}
