package dev.fer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.testing.SharedAssets;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private static final List<String> MIRRORED = List.of("ultraface-rfb-320", "ultraface-slim-320",
            "ultraface-rfb-640", "ultraface-rfb-320-raw", "retinaface-mnet025", "yunet-2023mar", "yunet-dynamic",
            "yolov5n-0.5-face", "yolov8-lite-t-face", "fer-mobilefacenet-int8", "fer-mini-xception");
    private static final List<String> NOT_MIRRORED = List.of("emotion-ferplus-8", "emotion-ferplus-12-int8",
            "fer-mobilefacenet", "yunet-2023mar-int8");

    @Test
    void ids_areExactlyTheDocumentedModels() {
        List<String> expected = new ArrayList<>(MIRRORED);
        expected.addAll(NOT_MIRRORED);
        assertThat(ModelCatalog.ids()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ModelCatalog.all()).extracting(ModelEntry::id).containsExactlyElementsOf(ModelCatalog.ids());
    }

    @Test
    void get_unknownIdListsTheKnownIds() {
        assertThatThrownBy(() -> ModelCatalog.get("yunet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown model id 'yunet'")
                .hasMessageContaining(String.join(", ", ModelCatalog.ids()));
    }

    @Test
    void find_returnsEmptyForUnknownIds() {
        assertThat(ModelCatalog.find("nope")).isEmpty();
        assertThat(ModelCatalog.find("fer-mini-xception")).get().extracting(ModelEntry::task)
                .isEqualTo(ModelTask.EMOTION_CLASSIFIER);
    }

    @Test
    void mirroredFiles_matchCatalogHashAndSize() throws IOException {
        Path models = SharedAssets.models();
        for (String id : MIRRORED) {
            ModelEntry e = ModelCatalog.get(id);
            Path file = models.resolve(e.fileName());
            assertThat(file).as(id).isRegularFile();
            assertThat(Files.size(file)).as(id + " size").isEqualTo(e.size());
            assertThat(ModelRepository.sha256(file)).as(id + " sha256").isEqualTo(e.sha256());
        }
        try (Stream<Path> files = Files.list(models)) {
            List<String> onnx = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).toList();
            assertThat(onnx).as("every mirrored file is catalogued")
                    .allMatch(n -> ModelCatalog.all().stream().anyMatch(e -> e.fileName().equals(n)));
        }
    }

    @Test
    void catalog_agreesWithEveryRowOfModelsMd() {
        String md = SharedAssets.read(SharedAssets.models().resolve("MODELS.md"));
        int rows = 0;
        for (String line : md.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 6 || !cells[4].trim().matches("[0-9a-f]{64}")) {
                continue;
            }
            rows++;
            String id = cells[1].trim();
            ModelEntry e = ModelCatalog.get(id);
            assertThat(e.fileName()).as(id).isEqualTo(cells[2].trim().split(" ")[0]);
            assertThat(e.size()).as(id).isEqualTo(Long.parseLong(cells[3].trim()));
            assertThat(e.sha256()).as(id).isEqualTo(cells[4].trim());
        }
        assertThat(rows).isEqualTo(MIRRORED.size() + NOT_MIRRORED.size());
    }

    @Test
    void copyleft_isExactlyTheYoloWeights() {
        assertThat(ModelCatalog.all()).filteredOn(ModelEntry::copyleft).extracting(ModelEntry::id)
                .containsExactlyInAnyOrder("yolov5n-0.5-face", "yolov8-lite-t-face");
        assertThat(ModelCatalog.get("yolov5n-0.5-face").license()).contains("GPL-3.0");
        assertThat(ModelCatalog.get("yolov8-lite-t-face").license()).contains("AGPL-3.0");
    }

    @Test
    void urls_arePinnedHttpsUrls() {
        for (ModelEntry e : ModelCatalog.all()) {
            assertThat(e.urls()).as(e.id()).isNotEmpty();
            URI first = e.urls().get(0);
            assertThat(first.getScheme()).as(e.id()).isEqualTo("https");
            assertThat(first.getPath()).as(e.id() + " pinned to a commit").containsPattern("/[0-9a-f]{40}/");
            assertThat(first.getPath()).as(e.id()).endsWith(".onnx");
        }
        assertThat(ModelCatalog.get("yunet-2023mar").urls().get(0)).hasToString("https://raw.githubusercontent.com/"
                + "ShiqiYu/libfacedetection.train/0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_s_640_640.onnx");
    }

    @Test
    void ferPlus_listsGithubThenHuggingFace() {
        for (String id : List.of("emotion-ferplus-8", "emotion-ferplus-12-int8")) {
            List<URI> urls = ModelCatalog.get(id).urls();
            assertThat(urls).as(id).hasSize(2);
            assertThat(urls.get(0)).hasToString("https://github.com/onnx/models/raw/"
                    + "b1eeaa1ac722dcc1cd1a8284bde34393dab61c3d/validated/vision/body_analysis/emotion_ferplus/model/"
                    + id + ".onnx");
            assertThat(urls.get(1)).hasToString("https://huggingface.co/onnxmodelzoo/" + id + "/resolve/main/" + id
                    + ".onnx");
        }
    }

    @Test
    void contracts_matchTheDocumentedTensors() {
        ModelContract ferPlus = ModelCatalog.get("emotion-ferplus-8").contract();
        assertThat(ferPlus.inputs()).containsExactly(TensorSpec.ofFloat("Input3", 1, 1, 64, 64));
        assertThat(ferPlus.outputs()).containsExactly(TensorSpec.ofFloat("Plus692_Output_0", 1, 8));

        ModelContract dynamic = ModelCatalog.get("yunet-dynamic").contract();
        assertThat(dynamic.inputs()).containsExactly(TensorSpec.ofFloat("input", -1, 3, -1, -1));
        assertThat(dynamic.outputs()).hasSize(12).contains(TensorSpec.ofFloat("kps_32", -1, -1, 10));

        ModelContract yunet = ModelCatalog.get("yunet-2023mar").contract();
        assertThat(yunet.outputs()).extracting(TensorSpec::toString).containsExactly(
                "cls_8:float[1,6400,1]", "cls_16:float[1,1600,1]", "cls_32:float[1,400,1]",
                "obj_8:float[1,6400,1]", "obj_16:float[1,1600,1]", "obj_32:float[1,400,1]",
                "bbox_8:float[1,6400,4]", "bbox_16:float[1,1600,4]", "bbox_32:float[1,400,4]",
                "kps_8:float[1,6400,10]", "kps_16:float[1,1600,10]", "kps_32:float[1,400,10]");
        assertThat(ModelCatalog.get("yunet-2023mar-int8").contract()).isEqualTo(yunet);
        assertThat(ModelCatalog.get("fer-mobilefacenet").contract())
                .isEqualTo(ModelCatalog.get("fer-mobilefacenet-int8").contract());
        assertThat(ModelCatalog.get("fer-mini-xception").contract().inputs())
                .containsExactly(TensorSpec.ofFloat("input_1", -1, 64, 64, 1));
        assertThat(ModelCatalog.get("ultraface-rfb-640").contract().outputs())
                .containsExactly(TensorSpec.ofFloat("scores", 1, 17640, 2), TensorSpec.ofFloat("boxes", 1, 17640, 4));
        assertThat(ModelCatalog.get("yolov8-lite-t-face").contract().outputs()).extracting(TensorSpec::name)
                .containsExactly("output0", "884", "892");
    }

    @Test
    void forTask_splitsDetectorsAndClassifiers() {
        assertThat(ModelCatalog.forTask(ModelTask.EMOTION_CLASSIFIER)).extracting(ModelEntry::id)
                .containsExactlyInAnyOrder("fer-mobilefacenet-int8", "fer-mobilefacenet", "fer-mini-xception",
                        "emotion-ferplus-8", "emotion-ferplus-12-int8");
        assertThat(ModelCatalog.forTask(ModelTask.FACE_DETECTOR)).hasSize(10);
    }
}
