package dev.fer.bench;

import dev.fer.detect.FaceCandidate;
import dev.fer.detect.RetinaFaceDecoder;
import dev.fer.detect.UltraFaceDecoder;
import dev.fer.detect.Yolov5FaceDecoder;
import dev.fer.detect.Yolov8FaceDecoder;
import dev.fer.detect.YuNetDecoder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * fer-detect's decoder of each catalog detector, bound to one set of raw outputs, with the thresholds the
 * benchmarks use (each model's upstream default, YuNet at {@link Assets#YUNET_SCORE}). Stateless and thread-safe.
 */
public final class FerDecoders {
    private FerDecoders() {
    }

    /**
     * The score threshold the benchmarks give a detector.
     *
     * @param id detector id
     * @return the threshold, or {@code null} for the model's default
     */
    public static Float scoreThreshold(String id) {
        return id.startsWith("yunet") ? Assets.YUNET_SCORE : null;
    }

    /**
     * A decode call over recorded outputs.
     *
     * @param id detector id
     * @param w input width
     * @param h input height
     * @param out raw outputs by name
     * @return a call that decodes them (with NMS) into model-input pixels
     */
    public static Supplier<List<FaceCandidate>> bind(String id, int w, int h, Map<String, FloatBuffer> out) {
        switch (id) {
            case "ultraface-rfb-320", "ultraface-slim-320" -> {
                UltraFaceDecoder dec = UltraFaceDecoder.withDefaults(w, h);
                FloatBuffer scores = out.get("scores");
                FloatBuffer boxes = out.get("boxes");
                return () -> dec.decode(scores, boxes);
            }
            case "ultraface-rfb-320-raw" -> {
                UltraFaceDecoder dec = UltraFaceDecoder.withDefaults(w, h);
                FloatBuffer scores = out.get("scores");
                FloatBuffer boxes = out.get("boxes");
                return () -> dec.decodeRaw(scores, boxes);
            }
            case "retinaface-mnet025" -> {
                RetinaFaceDecoder dec = new RetinaFaceDecoder(w, h, RetinaFaceDecoder.DEFAULT_PRE_NMS_THRESHOLD,
                        RetinaFaceDecoder.DEFAULT_SCORE_THRESHOLD, RetinaFaceDecoder.DEFAULT_NMS_IOU_THRESHOLD,
                        RetinaFaceDecoder.DEFAULT_PRE_NMS_TOP_K, RetinaFaceDecoder.DEFAULT_KEEP_TOP_K);
                FloatBuffer loc = byElements(out, 4);
                FloatBuffer conf = byElements(out, 2);
                FloatBuffer lm = byElements(out, 10);
                return () -> dec.decode(loc, conf, lm);
            }
            case "yunet-2023mar" -> {
                YuNetDecoder dec = YuNetDecoder.withScoreThreshold(Assets.YUNET_SCORE);
                List<FloatBuffer> cls = named(out, "cls");
                List<FloatBuffer> obj = named(out, "obj");
                List<FloatBuffer> bbox = named(out, "bbox");
                List<FloatBuffer> kps = named(out, "kps");
                return () -> dec.decode(w, h, cls, obj, bbox, kps);
            }
            case "yolov5n-0.5-face" -> {
                Yolov5FaceDecoder dec = Yolov5FaceDecoder.withDefaults(Yolov5FaceDecoder.Layout.RAW_HEADS);
                List<FloatBuffer> heads = bySizeDescending(out);
                return () -> dec.decode(heads);
            }
            case "yolov8-lite-t-face" -> {
                Yolov8FaceDecoder dec = Yolov8FaceDecoder.withDefaults();
                List<FloatBuffer> heads = bySizeDescending(out);
                return () -> dec.decode(heads);
            }
            default -> throw new IllegalArgumentException("No decoder for '" + id + "'.");
        }
    }

    /**
     * The stride-8, 16 and 32 outputs of one YuNet role.
     *
     * @param out outputs by name
     * @param role {@code cls}, {@code obj}, {@code bbox} or {@code kps}
     * @return the three buffers
     */
    public static List<FloatBuffer> named(Map<String, FloatBuffer> out, String role) {
        return List.of(out.get(role + "_8"), out.get(role + "_16"), out.get(role + "_32"));
    }

    /**
     * YOLO heads in stride order (largest first).
     *
     * @param out outputs by name
     * @return the heads
     */
    public static List<FloatBuffer> bySizeDescending(Map<String, FloatBuffer> out) {
        List<FloatBuffer> heads = new ArrayList<>(out.values());
        heads.sort(Comparator.comparingInt(FloatBuffer::capacity).reversed());
        return List.copyOf(heads);
    }

    /** RetinaFace's outputs have 16800 rows of 4 (loc), 2 (conf) or 10 (landmarks) values. */
    private static FloatBuffer byElements(Map<String, FloatBuffer> out, int perRow) {
        for (FloatBuffer b : out.values()) {
            if (b.capacity() == 16800 * perRow) {
                return b;
            }
        }
        throw new IllegalArgumentException("No RetinaFace output with " + perRow + " values per row.");
    }
}
