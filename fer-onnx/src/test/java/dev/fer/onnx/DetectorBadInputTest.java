package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.ModelLoadException;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.image.PixelFormat;
import dev.fer.internal.ImageAccess;
import dev.fer.result.Detection;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Odd images give a correct (possibly empty) result or a typed error, for every detector architecture. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorBadInputTest {
    private static final String[] IDS = {"yunet-2023mar", "yunet-dynamic", "retinaface-mnet025", "ultraface-rfb-320",
        "ultraface-rfb-320-raw", "yolov5n-0.5-face", "yolov8-lite-t-face"};
    private final java.util.Map<String, OnnxFaceDetector> detectors = new java.util.HashMap<>();

    @BeforeAll
    void open() {
        for (String id : IDS) {
            detectors.put(id, OnnxFaceDetector.create(id, TestRepos.detectorOptions().build()));
        }
    }

    @AfterAll
    void close() {
        detectors.values().forEach(OnnxFaceDetector::close);
    }

    private static FerImage solid(int w, int h, PixelFormat f, int value) {
        byte[] px = new byte[w * h * f.channels()];
        java.util.Arrays.fill(px, (byte) value);
        return ImageAccess.wrap(px, w, h, f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yunet-2023mar", "yunet-dynamic", "retinaface-mnet025", "ultraface-rfb-320",
        "ultraface-rfb-320-raw", "yolov5n-0.5-face", "yolov8-lite-t-face"})
    void tinyStripBlackAndGrayImages_giveEmptyResultsNotErrors(String id) {
        OnnxFaceDetector d = detectors.get(id);
        assertThat(d.detect(solid(1, 1, PixelFormat.BGR, 128))).isEmpty();
        assertThat(d.detect(solid(3, 3, PixelFormat.RGB, 50))).isEmpty();
        assertThat(d.detect(solid(10000, 100, PixelFormat.BGR, 200))).isEmpty();
        assertThat(d.detect(solid(100, 10000, PixelFormat.GRAY, 90))).isEmpty();
        assertThat(d.detect(solid(640, 480, PixelFormat.BGR, 0))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yunet-2023mar", "retinaface-mnet025", "yolov8-lite-t-face"})
    void grayAlphaAndSixteenBitVersionsOfAFace_stillFindIt(String id) throws IOException {
        OnnxFaceDetector d = detectors.get(id);
        BufferedImage src = ImageIO.read(SharedAssets.image("single/obama.jpg").toFile());
        FerImage gray = Images.read(SharedAssets.image("single/obama.jpg")).convert(PixelFormat.GRAY);
        assertThat(d.detect(gray)).hasSize(1);
        BufferedImage argb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
        argb.getGraphics().drawImage(src, 0, 0, null);
        assertThat(d.detect(Images.decode(png(argb)))).hasSize(1);
        BufferedImage g16 = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        g16.getGraphics().drawImage(src, 0, 0, null);
        List<Detection> faces = d.detect(Images.decode(png(g16)));
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).box().x1()).isBetween(300f, 450f);
    }

    @Test
    void hugeImage12000Squared_isDetectedOnADownscaledCopyWithoutOutOfMemory() {
        FerImage face = Images.read(SharedAssets.image("single/obama.jpg"));
        byte[] px = new byte[12000 * 12000 * 3];
        // Paste the 1x portrait into the top-left corner of a grey canvas, scaled by nearest neighbour x8.
        java.util.Arrays.fill(px, (byte) 127);
        for (int y = 0; y < face.height() * 8 && y < 12000; y++) {
            for (int x = 0; x < face.width() * 8 && x < 12000; x++) {
                int o = (y * 12000 + x) * 3;
                for (int c = 0; c < 3; c++) {
                    px[o + c] = (byte) face.get(x / 8, y / 8, c);
                }
            }
        }
        FerImage huge = ImageAccess.wrap(px, 12000, 12000, PixelFormat.BGR);
        List<Detection> faces = detectors.get("yunet-2023mar").detect(huge);
        assertThat(faces).hasSize(1);
        assertThat(faces.get(0).box().width()).isGreaterThan(1000f);
        assertThat(detectors.get("yunet-dynamic").detect(huge)).hasSize(1);
    }

    @Test
    void modelOfAnotherArchitecture_failsAtLoadListingExpectedAndActualOutputs() {
        var file = SharedAssets.models().resolve("face_detection_yunet_2023mar.onnx");
        assertThatThrownBy(() -> OnnxFaceDetector.create(file, DetectorKind.ULTRAFACE, DetectorOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("an output named 'scores'")
                .hasMessageContaining("cls_8");
        var retina = SharedAssets.models().resolve("retinaface-mobilenet0.25-640x640.onnx");
        assertThatThrownBy(() -> OnnxFaceDetector.create(retina, DetectorKind.YOLOV8_FACE, DetectorOptions.defaults()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("output0");
    }

    @Test
    void ownExportOfSupportedArchitecture_loadsFromFileAndFindsFaces() {
        var file = SharedAssets.models().resolve("retinaface-mobilenet0.25-640x640.onnx");
        try (OnnxFaceDetector d = OnnxFaceDetector.create(file, DetectorKind.RETINAFACE, DetectorOptions.defaults())) {
            assertThat(d.detect(Images.read(SharedAssets.image("multi/two_people.jpg")))).hasSize(2);
            assertThat(d.provenance().id()).isEqualTo("retinaface-mobilenet0.25-640x640.onnx");
        }
    }

    @Test
    void detectorOptions_rejectBadValues() {
        assertThatThrownBy(() -> DetectorOptions.builder().scoreThreshold(0f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoreThreshold");
        assertThatThrownBy(() -> DetectorOptions.builder().maxInputSide(7).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInputSide");
        assertThatThrownBy(() -> OnnxFaceDetector.create("fer-mini-xception"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a face detector");
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
