package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.ModelLoadException;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.onnx.internal.GraphOutputs;
import dev.fer.result.Detection;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Embeddings against ../shared/reference/embeddings.json: both backbones on the five reference crops and their
 * mirror images. mini-Xception within the file's 1e-4; MobileFaceNet int8 values are dequantised steps, equal given
 * identical input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingParityTest {
    private static final double MINI_TOLERANCE = 1e-4;
    private static final double MOBILE_TOLERANCE = 1e-5;
    private Object reference;
    private EmbeddingExtractor mobile;
    private EmbeddingExtractor mini;
    private EmbeddingExtractor both;

    @BeforeAll
    void load() {
        reference = Json.parse(SharedAssets.read(SharedAssets.reference("embeddings.json")));
        ExecutionOptions exec = ExecutionOptions.builder().intraOpThreads(1).build();
        mobile = EmbeddingExtractor.create(List.of("fer-mobilefacenet-int8"), exec, TestRepos.shared());
        mini = EmbeddingExtractor.create(List.of("fer-mini-xception"), exec, TestRepos.shared());
        both = EmbeddingExtractor.create(Backbone.DEFAULT_IDS, exec, TestRepos.shared());
    }

    @AfterAll
    void close() {
        mobile.close();
        mini.close();
        both.close();
    }

    private List<String> faces() {
        return new ArrayList<>(Json.map(reference, "faces").keySet());
    }

    @Test
    void embeddings_matchReferenceForEveryCropAndItsMirror() {
        assertThat(faces()).hasSize(5);
        double worstMobile = 0;
        double worstMini = 0;
        for (String face : faces()) {
            FerImage aligned = Images.read(SharedAssets.reference("crops/" + face + "_mobilefacenet_aligned_112.png"));
            FerImage gray = Images.read(SharedAssets.reference("crops/" + face + "_mini_xception_gray_64.png"));
            for (boolean flip : new boolean[] {false, true}) {
                String suffix = flip ? "_hflip" : "";
                double[] wantMobile = Json.nums(reference, "faces", face, "mobilefacenet_481" + suffix);
                double[] wantMini = Json.nums(reference, "faces", face, "mini_xception_add_4" + suffix);
                float[] gotMobile = mobile.embedCropped(aligned, flip);
                float[] gotMini = mini.embedCropped(gray, flip);
                assertThat(gotMobile).hasSize(512);
                assertThat(gotMini).hasSize(2048);
                double dMobile = maxAbs(gotMobile, wantMobile);
                double dMini = maxAbs(gotMini, wantMini);
                assertThat(dMobile).as("%s mobilefacenet 481%s", face, suffix).isLessThanOrEqualTo(MOBILE_TOLERANCE);
                assertThat(dMini).as("%s mini-xception add_4%s", face, suffix).isLessThanOrEqualTo(MINI_TOLERANCE);
                worstMobile = Math.max(worstMobile, dMobile);
                worstMini = Math.max(worstMini, dMini);
            }
        }
        System.out.printf(Locale.ROOT, "embedding parity: worst |d| mobilefacenet %.2e, mini-xception %.2e%n",
                worstMobile, worstMini);
    }

    @Test
    void photoMode_faceReachingPastTheEdge_isEmbeddedFromTheUnclippedBox() {
        // A detector clips the reported box to the image but keeps its own box in unclippedBox; the square crop
        // must come from the latter (as the classifier's does), not from the clipped box.
        FerImage image = Images.read(SharedAssets.image("single/astronaut.png"));
        BoundingBox unclipped = new BoundingBox(-60f, 50f, 230f, 310f);
        BoundingBox clipped = new BoundingBox(0f, 50f, 230f, 310f);
        Detection atEdge = new Detection(clipped, 0.9f, Optional.empty(), unclipped);
        assertThat(atEdge.unclippedBox()).isNotEqualTo(atEdge.box());
        for (boolean flip : new boolean[] {false, true}) {
            float[] got = both.embedAll(image, List.of(atEdge), flip).get(0);
            float[] fromUnclipped = both.embedAll(image, List.of(new Detection(unclipped, 0.9f)), flip).get(0);
            float[] fromClipped = both.embedAll(image, List.of(new Detection(clipped, 0.9f)), flip).get(0);
            assertThat(got).hasSize(512 + 2048).containsExactly(fromUnclipped);
            assertThat(got).isNotEqualTo(fromClipped);
        }
    }

    @Test
    void batchedAndConcatenated_equalOneByOne() {
        List<FerImage> crops = new ArrayList<>();
        for (String face : faces()) {
            crops.add(Images.read(SharedAssets.reference("crops/" + face + "_mini_xception_gray_64.png")));
        }
        List<float[]> batch = both.embedCroppedAll(crops, false);
        assertThat(both.dimension()).isEqualTo(512 + 2048);
        for (int i = 0; i < crops.size(); i++) {
            float[] a = mobile.embedCropped(crops.get(i), false);
            float[] b = mini.embedCropped(crops.get(i), false);
            float[] joined = new float[a.length + b.length];
            System.arraycopy(a, 0, joined, 0, a.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            assertThat(batch.get(i)).containsExactly(joined);
        }
    }

    @Test
    void provenance_isTheOriginalFilesHash() throws Exception {
        assertThat(mini.provenance().get(0).sha256())
                .isEqualTo("95036c208085db79ad43e057245b8cb6e21b5319ef7dcb4f0c83e0102f550d30");
        assertThat(mobile.provenance().get(0).sha256())
                .isEqualTo("f0d7093aff10e2638c734c5f18a6a7eabd2b9239b20bdb9b8090865a6f69a1ed");
    }

    @Test
    void unknownTensor_isAClearError() throws Exception {
        byte[] model = Files.readAllBytes(SharedAssets.models().resolve("fer2013_mini_XCEPTION.102-0.66.onnx"));
        assertThatThrownBy(() -> dev.fer.onnx.internal.GraphOutputs.withOutputs(model, List.of("no_such_tensor"),
                "fer-mini-xception"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no tensor named 'no_such_tensor'");
    }

    @Test
    void unknownBackbone_isRejectedWithTheSupportedIds() {
        assertThatThrownBy(() -> EmbeddingExtractor.create(List.of("yunet-2023mar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yunet-2023mar' is not a backbone")
                .hasMessageContaining("fer-mini-xception");
    }

    private static double maxAbs(float[] got, double[] want) {
        assertThat(got.length).isEqualTo(want.length);
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        return worst;
    }
}
