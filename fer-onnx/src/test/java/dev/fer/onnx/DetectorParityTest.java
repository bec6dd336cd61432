package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.Detection;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every detector on every shared image against ../shared/reference/detections.json: same face count, each box
 * with IoU ≥ 0.98 or every corner within 2 px, score within 0.01, landmarks within 2 px. Reference boxes are not
 * clipped; ours are, so the reference box is clamped before comparing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorParityTest {
    private static final String[][] DETECTORS = {
        {"ultraface_rfb320", "ultraface-rfb-320", ""},
        {"ultraface_slim320", "ultraface-slim-320", ""},
        {"ultraface_rfb640", "ultraface-rfb-640", ""},
        {"ultraface_rfb320_raw", "ultraface-rfb-320-raw", ""},
        {"retinaface_mnet025", "retinaface-mnet025", ""},
        {"yunet_640", "yunet-2023mar", ""},
        {"yunet_640_score06", "yunet-2023mar", "0.6"},
        {"yunet_dynamic", "yunet-dynamic", ""},
        {"yolov5n_05_face", "yolov5n-0.5-face", ""},
        {"yolov8_lite_t_face", "yolov8-lite-t-face", ""},
    };

    private Object reference;
    private final Map<String, OnnxFaceDetector> detectors = new java.util.HashMap<>();
    private final Map<String, FerImage> images = new java.util.HashMap<>();
    private final List<String> report = new ArrayList<>();

    @BeforeAll
    void load() {
        reference = Json.parse(SharedAssets.read(SharedAssets.reference("detections.json")));
        for (String[] d : DETECTORS) {
            DetectorOptions.Builder b = TestRepos.detectorOptions().maxFaces(1000);
            if (!d[2].isEmpty()) {
                b.scoreThreshold(Float.parseFloat(d[2]));
            }
            if (d[1].equals("yunet-dynamic")) {
                b.maxInputSide(0);
            }
            detectors.put(d[0], OnnxFaceDetector.create(d[1], b.build()));
        }
    }

    @AfterAll
    void close() {
        detectors.values().forEach(OnnxFaceDetector::close);
        report.forEach(System.out::println);
    }

    Stream<Arguments> cases() {
        Object ref = Json.parse(SharedAssets.read(SharedAssets.reference("detections.json")));
        List<Arguments> out = new ArrayList<>();
        for (String[] d : DETECTORS) {
            for (String img : Json.map(ref, "models", d[0], "results").keySet()) {
                out.add(Arguments.of(d[0], img));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void detect_matchesReference(String key, String image) {
        FerImage img = images.computeIfAbsent(image, i -> Images.read(SharedAssets.image(i)));
        List<Detection> ours = detectors.get(key).detect(img);
        List<Object> ref = Json.list(reference, "models", key, "results", image, "faces");
        assertThat(ours).as("face count of %s on %s", key, image).hasSize(ref.size());
        boolean[] used = new boolean[ours.size()];
        double worstCorner = 0;
        double worstScore = 0;
        double worstLandmark = 0;
        for (Object rf : ref) {
            double[] b = Json.nums(rf, "box");
            BoundingBox rb = new BoundingBox((float) b[0], (float) b[1], (float) b[2], (float) b[3])
                    .clamp(img.width(), img.height());
            int best = -1;
            float bestIou = -1;
            for (int k = 0; k < ours.size(); k++) {
                float iou = ours.get(k).box().iou(rb);
                if (!used[k] && iou > bestIou) {
                    bestIou = iou;
                    best = k;
                }
            }
            assertThat(best).as("a match for reference face %s", rb).isGreaterThanOrEqualTo(0);
            used[best] = true;
            Detection d = ours.get(best);
            double corner = Math.max(Math.max(Math.abs(d.box().x1() - rb.x1()), Math.abs(d.box().y1() - rb.y1())),
                    Math.max(Math.abs(d.box().x2() - rb.x2()), Math.abs(d.box().y2() - rb.y2())));
            assertThat(bestIou >= 0.98f || corner <= 2.0)
                    .as("%s on %s: box %s vs reference %s (IoU %.4f, worst corner %.2f px)", key, image, d.box(),
                            rb, bestIou, corner).isTrue();
            double ds = Math.abs(d.score() - Json.num(rf, "score"));
            assertThat(ds).as("%s on %s: score %.5f vs %.5f", key, image, d.score(), Json.num(rf, "score"))
                    .isLessThanOrEqualTo(0.01);
            worstCorner = Math.max(worstCorner, corner);
            worstScore = Math.max(worstScore, ds);
            List<Object> lm = Json.list(rf, "landmarks");
            if (lm != null) {
                assertThat(d.landmarks()).as("landmarks of %s", key).isPresent();
                for (int k = 0; k < 5; k++) {
                    double[] p = Json.nums(lm, k);
                    double dl = Math.max(Math.abs(d.landmarks().get().get(k).x() - p[0]),
                            Math.abs(d.landmarks().get().get(k).y() - p[1]));
                    assertThat(dl).as("%s on %s: landmark %d", key, image, k).isLessThanOrEqualTo(2.0);
                    worstLandmark = Math.max(worstLandmark, dl);
                }
            }
        }
        synchronized (report) {
            report.add(String.format(Locale.ROOT, "parity %-22s %-34s faces %3d  corner %.3f px  score %.5f  "
                    + "landmark %.3f px", key, image, ours.size(), worstCorner, worstScore, worstLandmark));
        }
    }
}
