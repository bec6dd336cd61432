package dev.fer.model;

import static dev.fer.model.TensorSpec.ofFloat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in models: pinned upstream URLs, SHA-256, sizes, licences and tensor contracts of every face detector
 * and emotion classifier fer-java knows by id. Thread-safe: the catalog is an immutable, statically initialised
 * table.
 *
 * <p>Every download URL is pinned to a commit, except the Hugging Face fallbacks of the FER+ models, which point at
 * the {@code main} revision of the {@code onnxmodelzoo} organisation; every file is verified by its SHA-256
 * whichever URL it came from, so a changed upstream file is rejected rather than used. Models whose weights are
 * copyleft (the YOLO face detectors, GPL-3.0 / AGPL-3.0) are marked {@link ModelEntry#copyleft()}.
 */
public final class ModelCatalog {
    private static final String ULTRAFACE = "https://raw.githubusercontent.com/Linzaer/"
            + "Ultra-Light-Fast-Generic-Face-Detector-1MB/dffdddda9794a50607cba8f318507a28c1c27cab/models/onnx/";
    private static final String YUNET_TRAIN = "https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/"
            + "0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/";
    private static final String OPENCV_ZOO = "https://github.com/opencv/opencv_zoo/raw/"
            + "966be4cb6eefc2a4f586ed0581bf4bbaa2533070/models/";
    private static final String ONNX_ZOO_FERPLUS = "https://github.com/onnx/models/raw/"
            + "b1eeaa1ac722dcc1cd1a8284bde34393dab61c3d/validated/vision/body_analysis/emotion_ferplus/model/";
    private static final String HF_ONNX_ZOO = "https://huggingface.co/onnxmodelzoo/";

    private static final Map<String, ModelEntry> ENTRIES = build();

    private ModelCatalog() {
    }

    /**
     * Every catalogued model, in catalog order (face detectors first).
     *
     * @return an immutable list
     */
    public static List<ModelEntry> all() {
        return List.copyOf(ENTRIES.values());
    }

    /**
     * Every catalogued model id, in catalog order.
     *
     * @return an immutable list
     */
    public static List<String> ids() {
        return List.copyOf(ENTRIES.keySet());
    }

    /**
     * The catalogued models for one task, in catalog order.
     *
     * @param task the task
     * @return an immutable list, possibly empty
     */
    public static List<ModelEntry> forTask(ModelTask task) {
        Objects.requireNonNull(task, "task");
        return ENTRIES.values().stream().filter(e -> e.task() == task).toList();
    }

    /**
     * The ids of the catalogued models for one task, for messages that list what is known.
     *
     * @param task the task
     * @return the ids in catalog order, joined by {@code ", "}
     */
    public static String knownIds(ModelTask task) {
        return String.join(", ", forTask(task).stream().map(ModelEntry::id).toList());
    }

    /**
     * Looks up a model by id.
     *
     * @param id a model id, for example {@code yunet-2023mar}
     * @return the entry, or empty when the id is not catalogued
     */
    public static Optional<ModelEntry> find(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(ENTRIES.get(id));
    }

    /**
     * Looks up a model by id.
     *
     * @param id a model id, for example {@code yunet-2023mar}
     * @return the entry
     * @throws IllegalArgumentException when the id is not catalogued; the message lists the known ids
     */
    public static ModelEntry get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("Unknown model id '" + id
                + "'. Known ids: " + String.join(", ", ENTRIES.keySet())
                + ". For another model, construct a ModelEntry and call ModelRepository.resolve(ModelEntry)."));
    }

    private static Map<String, ModelEntry> build() {
        List<ModelEntry> list = new ArrayList<>();
        ModelContract ultraface320 = new ModelContract(
                List.of(ofFloat("input", 1, 3, 240, 320)),
                List.of(ofFloat("scores", 1, 4420, 2), ofFloat("boxes", 1, 4420, 4)));
        list.add(new ModelEntry("ultraface-rfb-320", ModelTask.FACE_DETECTOR, "ultraface-version-RFB-320.onnx",
                urls(ULTRAFACE + "version-RFB-320.onnx"),
                "34cd7e60aeff28744c657de7a3dc64e872d506741de66987f3426f2b79f88017", 1270727, "MIT", false,
                ultraface320, "UltraFace RFB 320x240 SSD face detector with built-in box decoding; boxes only, "
                        + "no landmarks."));
        list.add(new ModelEntry("ultraface-slim-320", ModelTask.FACE_DETECTOR, "ultraface-version-slim-320.onnx",
                urls(ULTRAFACE + "version-slim-320.onnx"),
                "e9adbd0f920ddcce9368434c4d34d72520dc0c19b526fd44b4ef49bde2c3b1a8", 1195330, "MIT", false,
                ultraface320, "UltraFace slim 320x240 SSD face detector (lighter backbone than RFB); boxes only."));
        list.add(new ModelEntry("ultraface-rfb-640", ModelTask.FACE_DETECTOR, "ultraface-version-RFB-640.onnx",
                urls(ULTRAFACE + "version-RFB-640.onnx"),
                "8f4c659275977e7a3bfbfa339a9c769ad793df50f9c0baa8c14b11baa1646430", 1588012, "MIT", false,
                new ModelContract(
                        List.of(ofFloat("input", 1, 3, 480, 640)),
                        List.of(ofFloat("scores", 1, 17640, 2), ofFloat("boxes", 1, 17640, 4))),
                "UltraFace RFB 640x480 SSD face detector for smaller faces; boxes only."));
        list.add(new ModelEntry("ultraface-rfb-320-raw", ModelTask.FACE_DETECTOR,
                "ultraface-version-RFB-320_without_postprocessing.onnx",
                urls(ULTRAFACE + "version-RFB-320_without_postprocessing.onnx"),
                "d7c687949526065ab6a192fdf993360045ce27b0fabf7c9fca5c2437b786b495", 1163666, "MIT", false,
                ultraface320, "UltraFace RFB 320x240 without post-processing: boxes are raw SSD offsets that "
                        + "fer-detect decodes against the priors."));
        list.add(new ModelEntry("retinaface-mnet025", ModelTask.FACE_DETECTOR,
                "retinaface-mobilenet0.25-640x640.onnx",
                urls("https://raw.githubusercontent.com/kgzhwang/Pytorch_Retinaface/"
                        + "6e724185520256cfa136feb4910203b1f55c5274/FaceDetector.onnx"),
                "e0e19bad8494b3f7a7edb39a90194ff055923e13a3453569a454386f857fe538", 1729306, "MIT", false,
                new ModelContract(
                        List.of(ofFloat("input0", 1, 3, 640, 640)),
                        List.of(ofFloat("output0", 1, 16800, 4), ofFloat("output1", 1, 16800, 2),
                                ofFloat("output2", 1, 16800, 10))),
                "RetinaFace MobileNet-0.25 at 640x640: SSD face detector with five landmarks."));
        list.add(new ModelEntry("yunet-2023mar", ModelTask.FACE_DETECTOR, "face_detection_yunet_2023mar.onnx",
                urls(YUNET_TRAIN + "yunet_s_640_640.onnx",
                        OPENCV_ZOO + "face_detection_yunet/face_detection_yunet_2023mar.onnx"),
                "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4", 232589, "MIT (OpenCV zoo)",
                false, yunetContract(640, 640),
                "YuNet (2023mar) anchor-free face detector at 640x640 with five landmarks; small and fast."));
        list.add(new ModelEntry("yunet-dynamic", ModelTask.FACE_DETECTOR, "yunet_s_dynamic.onnx",
                urls(YUNET_TRAIN + "yunet_s_dynamic.onnx"),
                "daede24002cc8590f457998cc5e6c9e8b82f45f6bd969506a8913cd4ed10a2d3", 237823, "Apache-2.0", false,
                yunetContract(-1, -1),
                "YuNet with dynamic input size (height and width multiples of 32) and five landmarks."));
        list.add(new ModelEntry("yolov5n-0.5-face", ModelTask.FACE_DETECTOR, "yolov5n-0.5-face.onnx",
                urls("https://raw.githubusercontent.com/dominhhieu1019/yolov5-face/"
                        + "29a8e9d80252594c623a54b1e3d492e2e9e9570d/weights/yolov5n-0.5.onnx"),
                "7da50650e16167e93acf24caf01f15f2922ecf168c884f2825a3c95479f8687d", 1809111, "GPL-3.0", true,
                new ModelContract(
                        List.of(ofFloat("data", 1, 3, 640, 640)),
                        List.of(ofFloat("stride_8", 1, 3, 80, 80, 16), ofFloat("stride_16", 1, 3, 40, 40, 16),
                                ofFloat("stride_32", 1, 3, 20, 20, 16))),
                "YOLOv5n-0.5 face detector at 640x640 with five landmarks. Copyleft (GPL-3.0) weights."));
        list.add(new ModelEntry("yolov8-lite-t-face", ModelTask.FACE_DETECTOR, "yolov8-lite-t-face.onnx",
                urls("https://raw.githubusercontent.com/hpc203/yolov8-face-landmarks-opencv-dnn/"
                        + "1f91851f7d8d9475e5b4f0c1d6e5e385aa9bf0f4/weights/yolov8-lite-t.onnx"),
                "caa9eb121eee8fbf25a5985d3cee4e314df5a08feb4bb8c224fecdeb4afd9b86", 2424912,
                "GPL-3.0 / AGPL-3.0 (model metadata)", true,
                new ModelContract(
                        List.of(ofFloat("images", 1, 3, 640, 640)),
                        List.of(ofFloat("output0", 1, 80, 80, 80), ofFloat("884", 1, 80, 40, 40),
                                ofFloat("892", 1, 80, 20, 20))),
                "YOLOv8-lite-t face detector at 640x640 with five landmarks (DFL heads). Copyleft weights."));
        list.add(new ModelEntry("yunet-2023mar-int8", ModelTask.FACE_DETECTOR,
                "face_detection_yunet_2023mar_int8.onnx",
                urls(OPENCV_ZOO + "face_detection_yunet/face_detection_yunet_2023mar_int8.onnx"),
                "321aa5a6afabf7ecc46a3d06bfab2b579dc96eb5c3be7edd365fa04502ad9294", 100416, "MIT", false,
                yunetContract(640, 640),
                "YuNet (2023mar) quantised to int8 by the OpenCV zoo; same tensors as yunet-2023mar."));

        ModelContract mobileFaceNet = new ModelContract(
                List.of(ofFloat("data", 1, 3, 112, 112)), List.of(ofFloat("label", 1, 7)));
        list.add(new ModelEntry("fer-mobilefacenet-int8", ModelTask.EMOTION_CLASSIFIER,
                "facial_expression_recognition_mobilefacenet_2022july_int8.onnx",
                urls(OPENCV_ZOO + "facial_expression_recognition/"
                        + "facial_expression_recognition_mobilefacenet_2022july_int8.onnx"),
                "f0d7093aff10e2638c734c5f18a6a7eabd2b9239b20bdb9b8090865a6f69a1ed", 1364007,
                "Apache-2.0 (trained on RAF-DB: research-only data)", false, mobileFaceNet,
                "OpenCV zoo MobileFaceNet expression classifier (int8) on 112x112 aligned faces; 7 emotions."));
        list.add(new ModelEntry("fer-mobilefacenet", ModelTask.EMOTION_CLASSIFIER,
                "facial_expression_recognition_mobilefacenet_2022july.onnx",
                urls(OPENCV_ZOO + "facial_expression_recognition/"
                        + "facial_expression_recognition_mobilefacenet_2022july.onnx"),
                "4f61307602fc089ce20488a31d4e4614e3c9753a7d6c41578c854858b183e1a9", 4791892,
                "Apache-2.0 (trained on RAF-DB: research-only data)", false, mobileFaceNet,
                "OpenCV zoo MobileFaceNet expression classifier (fp32) on 112x112 aligned faces; 7 emotions."));
        list.add(new ModelEntry("fer-mini-xception", ModelTask.EMOTION_CLASSIFIER,
                "fer2013_mini_XCEPTION.102-0.66.onnx",
                urls("https://raw.githubusercontent.com/ishaansucksatlife/SAMS/"
                        + "23c605494ece0e4e09922b5eeab37b86d3cdf81c/assets/fer2013_mini_xception.onnx"),
                "95036c208085db79ad43e057245b8cb6e21b5319ef7dcb4f0c83e0102f550d30", 235945,
                "MIT weights (oarriaga/face_classification); FER2013 data terms unclear", false,
                new ModelContract(
                        List.of(ofFloat("input_1", -1, 64, 64, 1)), List.of(ofFloat("predictions", -1, 7))),
                "mini-Xception trained on FER2013: 64x64 grayscale NHWC input, 7 emotion probabilities."));
        ModelContract ferPlus = new ModelContract(
                List.of(ofFloat("Input3", 1, 1, 64, 64)), List.of(ofFloat("Plus692_Output_0", 1, 8)));
        list.add(new ModelEntry("emotion-ferplus-8", ModelTask.EMOTION_CLASSIFIER, "emotion-ferplus-8.onnx",
                urls(ONNX_ZOO_FERPLUS + "emotion-ferplus-8.onnx",
                        HF_ONNX_ZOO + "emotion-ferplus-8/resolve/main/emotion-ferplus-8.onnx"),
                "a2a2ba6a335a3b29c21acb6272f962bd3d47f84952aaffa03b60986e04efa61c", 35040571, "MIT", false,
                ferPlus, "ONNX model zoo FER+ (opset 8): 64x64 grayscale raw 0-255 input, 8 emotion scores "
                        + "including contempt."));
        list.add(new ModelEntry("emotion-ferplus-12-int8", ModelTask.EMOTION_CLASSIFIER,
                "emotion-ferplus-12-int8.onnx",
                urls(ONNX_ZOO_FERPLUS + "emotion-ferplus-12-int8.onnx",
                        HF_ONNX_ZOO + "emotion-ferplus-12-int8/resolve/main/emotion-ferplus-12-int8.onnx"),
                "3e47195d79e9593294df9e81a6d296a1e10969b68a717284081c29493a0ff5f1", 19300656, "MIT", false,
                ferPlus, "ONNX model zoo FER+ quantised to int8 (opset 12): same input and 8 classes as "
                        + "emotion-ferplus-8."));

        Map<String, ModelEntry> map = new LinkedHashMap<>();
        for (ModelEntry e : list) {
            if (map.put(e.id(), e) != null) {
                throw new IllegalStateException("Duplicate catalog id " + e.id());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static ModelContract yunetContract(long height, long width) {
        boolean dynamic = height < 0;
        List<TensorSpec> outputs = new ArrayList<>();
        String[] heads = {"cls", "obj", "bbox", "kps"};
        long[] channels = {1, 1, 4, 10};
        for (int h = 0; h < heads.length; h++) {
            for (int stride : new int[] {8, 16, 32}) {
                long n = dynamic ? -1 : (height / stride) * (width / stride);
                outputs.add(ofFloat(heads[h] + "_" + stride, dynamic ? -1 : 1, n, channels[h]));
            }
        }
        return new ModelContract(List.of(ofFloat("input", dynamic ? -1 : 1, 3, height, width)), outputs);
    }

    private static List<URI> urls(String... urls) {
        List<URI> list = new ArrayList<>();
        for (String u : urls) {
            list.add(URI.create(u));
        }
        return List.copyOf(list);
    }
}
