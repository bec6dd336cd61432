package dev.fer.onnx.internal;

import dev.fer.ModelLoadException;
import dev.fer.detect.FaceCandidate;
import dev.fer.detect.RetinaFaceDecoder;
import dev.fer.detect.UltraFaceDecoder;
import dev.fer.detect.Yolov5FaceDecoder;
import dev.fer.detect.Yolov8FaceDecoder;
import dev.fer.detect.YuNetDecoder;
import dev.fer.image.PixelFormat;
import dev.fer.model.TensorSpec;
import dev.fer.onnx.DetectorKind;
import dev.fer.onnx.Outputs;
import dev.fer.preprocess.Layout;
import dev.fer.preprocess.TensorWriter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything kind-specific about a detector: input placement and normalisation, output roles and decoding.
 * Immutable and thread-safe; not API.
 */
public final class DetectorModel {
    /** How the image is placed into the input. */
    public enum Placement {
        /** Resize to the whole input (UltraFace). */
        STRETCH,
        /** Aspect-preserving, top-left (RetinaFace, YuNet). */
        TOP_LEFT,
        /** Aspect-preserving, centred (YOLO). */
        CENTER,
        /** No resize beyond the max input side; pad to multiples of 32 (YuNet dynamic). */
        PAD_32
    }

    private static final Map<String, DetectorKind> KINDS = Map.ofEntries(
            Map.entry("ultraface-rfb-320", DetectorKind.ULTRAFACE),
            Map.entry("ultraface-slim-320", DetectorKind.ULTRAFACE),
            Map.entry("ultraface-rfb-640", DetectorKind.ULTRAFACE),
            Map.entry("ultraface-rfb-320-raw", DetectorKind.ULTRAFACE_RAW),
            Map.entry("retinaface-mnet025", DetectorKind.RETINAFACE),
            Map.entry("yunet-2023mar", DetectorKind.YUNET),
            Map.entry("yunet-2023mar-int8", DetectorKind.YUNET),
            Map.entry("yunet-dynamic", DetectorKind.YUNET_DYNAMIC),
            Map.entry("yolov5n-0.5-face", DetectorKind.YOLOV5_FACE),
            Map.entry("yolov8-lite-t-face", DetectorKind.YOLOV8_FACE));

    private final DetectorKind kind;
    private final String inputName;
    private final int inputWidth;
    private final int inputHeight;
    private final Placement placement;
    private final int padValue;
    private final TensorWriter writer;
    private final float scoreThreshold;
    private final Decoder decoder;

    @FunctionalInterface
    private interface Decoder {
        List<FaceCandidate> decode(Outputs outputs, int width, int height);
    }

    private DetectorModel(DetectorKind kind, String inputName, int inputWidth, int inputHeight, Placement placement,
                          int padValue, TensorWriter writer, float scoreThreshold, Decoder decoder) {
        this.kind = kind;
        this.inputName = inputName;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.placement = placement;
        this.padValue = padValue;
        this.writer = writer;
        this.scoreThreshold = scoreThreshold;
        this.decoder = decoder;
    }

    /**
     * The architecture of a catalog detector id.
     *
     * @param id a catalog id
     * @return its kind
     * @throws IllegalArgumentException for ids that are not detectors
     */
    public static DetectorKind kindOf(String id) {
        DetectorKind k = KINDS.get(id);
        if (k == null) {
            throw new IllegalArgumentException("'" + id + "' is not a detector id; known: "
                    + KINDS.keySet().stream().sorted().toList() + ".");
        }
        return k;
    }

    /**
     * Whether a catalog id is a supported detector.
     *
     * @param id an id
     * @return {@code true} when supported
     */
    public static boolean isDetector(String id) {
        return KINDS.containsKey(id);
    }

    /**
     * Builds the model description and checks the session's tensors against what the kind needs.
     *
     * @param kind the architecture
     * @param id model id for messages
     * @param inputs the session's inputs
     * @param outputs the session's outputs
     * @param score score threshold or null for the default
     * @param nms NMS threshold or null for the default
     * @return the description
     * @throws ModelLoadException when the tensors do not fit the kind
     */
    public static DetectorModel create(DetectorKind kind, String id, List<TensorSpec> inputs,
                                       List<TensorSpec> outputs, Float score, Float nms) {
        if (inputs.size() != 1 || inputs.get(0).shape().size() != 4 || inputs.get(0).shape().get(1) != 3) {
            throw mismatch(kind, id, "one float input [1,3,H,W]", inputs, outputs);
        }
        TensorSpec in = inputs.get(0);
        long h = in.shape().get(2);
        long w = in.shape().get(3);
        boolean dynamic = h < 0 || w < 0;
        switch (kind) {
            case ULTRAFACE, ULTRAFACE_RAW -> {
                int iw = dynamic ? 320 : (int) w;
                int ih = dynamic ? 240 : (int) h;
                String scores = byName(kind, id, inputs, outputs, "scores");
                String boxes = byName(kind, id, inputs, outputs, "boxes");
                UltraFaceDecoder dec = new UltraFaceDecoder(iw, ih,
                        or(score, UltraFaceDecoder.DEFAULT_SCORE_THRESHOLD),
                        or(nms, UltraFaceDecoder.DEFAULT_NMS_IOU_THRESHOLD), UltraFaceDecoder.DEFAULT_CANDIDATE_LIMIT);
                boolean raw = kind == DetectorKind.ULTRAFACE_RAW;
                return new DetectorModel(kind, in.name(), iw, ih, Placement.STRETCH, 0,
                        writer(PixelFormat.RGB, 1f, 127f, 128f),
                        or(score, UltraFaceDecoder.DEFAULT_SCORE_THRESHOLD),
                        (o, tw, th) -> raw ? dec.decodeRaw(o.floats(scores), o.floats(boxes))
                                : dec.decode(o.floats(scores), o.floats(boxes)));
            }
            case RETINAFACE -> {
                int iw = dynamic ? 640 : (int) w;
                int ih = dynamic ? 640 : (int) h;
                String loc = byLastDim(kind, id, inputs, outputs, 4);
                String conf = byLastDim(kind, id, inputs, outputs, 2);
                String lm = byLastDim(kind, id, inputs, outputs, 10);
                float thr = or(score, RetinaFaceDecoder.DEFAULT_SCORE_THRESHOLD);
                RetinaFaceDecoder dec = new RetinaFaceDecoder(iw, ih, RetinaFaceDecoder.DEFAULT_PRE_NMS_THRESHOLD,
                        thr, or(nms, RetinaFaceDecoder.DEFAULT_NMS_IOU_THRESHOLD),
                        RetinaFaceDecoder.DEFAULT_PRE_NMS_TOP_K, RetinaFaceDecoder.DEFAULT_KEEP_TOP_K);
                return new DetectorModel(kind, in.name(), iw, ih, Placement.TOP_LEFT, 0,
                        writerMean(PixelFormat.BGR, 104f, 117f, 123f), thr,
                        (o, tw, th) -> dec.decode(o.floats(loc), o.floats(conf), o.floats(lm)));
            }
            case YUNET, YUNET_DYNAMIC -> {
                List<String> names = new ArrayList<>();
                for (String role : new String[] {"cls", "obj", "bbox", "kps"}) {
                    for (int s : new int[] {8, 16, 32}) {
                        names.add(byName(kind, id, inputs, outputs, role + "_" + s));
                    }
                }
                float thr = or(score, YuNetDecoder.DEFAULT_SCORE_THRESHOLD);
                YuNetDecoder dec = new YuNetDecoder(thr, or(nms, YuNetDecoder.DEFAULT_NMS_IOU_THRESHOLD),
                        YuNetDecoder.DEFAULT_TOP_K);
                boolean pad32 = dynamic || kind == DetectorKind.YUNET_DYNAMIC;
                int iw = dynamic ? -1 : (int) w;
                int ih = dynamic ? -1 : (int) h;
                if (!pad32 && (iw % 32 != 0 || ih % 32 != 0)) {
                    throw mismatch(kind, id, "an input whose height and width are multiples of 32", inputs, outputs);
                }
                return new DetectorModel(kind, in.name(), iw, ih, pad32 ? Placement.PAD_32 : Placement.TOP_LEFT, 0,
                        writerMean(PixelFormat.BGR, 0f, 0f, 0f), thr,
                        (o, tw, th) -> {
                            StrideLists l = STRIDE_LISTS.get();
                            try {
                                return dec.decode(tw, th, l.fill(0, o, names, 0), l.fill(1, o, names, 3),
                                        l.fill(2, o, names, 6), l.fill(3, o, names, 9));
                            } finally {
                                l.clear();
                            }
                        });
            }
            case YOLOV5_FACE -> {
                int iw = dynamic ? 640 : (int) w;
                int ih = dynamic ? 640 : (int) h;
                float thr = or(score, Yolov5FaceDecoder.DEFAULT_SCORE_THRESHOLD);
                Yolov5FaceDecoder.Layout layout;
                List<String> names;
                if (outputs.size() == 3 && outputs.stream().allMatch(t -> t.shape().size() == 5
                        && t.shape().get(4) == 16)) {
                    layout = Yolov5FaceDecoder.Layout.RAW_HEADS;
                    names = bySizeDescending(outputs);
                } else if (outputs.size() == 1 && outputs.get(0).shape().size() == 3
                        && outputs.get(0).shape().get(2) == 16) {
                    layout = Yolov5FaceDecoder.Layout.FLAT_DECODED;
                    names = List.of(outputs.get(0).name());
                } else {
                    throw mismatch(kind, id, "three raw heads [1,3,H/s,W/s,16] or one decoded output [1,N,16]",
                            inputs, outputs);
                }
                Yolov5FaceDecoder dec = new Yolov5FaceDecoder(layout, iw, ih, thr,
                        or(nms, Yolov5FaceDecoder.DEFAULT_NMS_IOU_THRESHOLD), Yolov5FaceDecoder.DEFAULT_TOP_K);
                return new DetectorModel(kind, in.name(), iw, ih, Placement.CENTER, 114,
                        writer(PixelFormat.RGB, 255f, 0f, 1f), thr,
                        (o, tw, th) -> dec.decode(list(o, names)));
            }
            case YOLOV8_FACE -> {
                int iw = dynamic ? 640 : (int) w;
                int ih = dynamic ? 640 : (int) h;
                if (outputs.size() != 3 || !outputs.stream().allMatch(t -> t.shape().size() == 4
                        && t.shape().get(1) == 80)) {
                    throw mismatch(kind, id, "three heads [1,80,H/s,W/s] for strides 8, 16 and 32", inputs,
                            outputs);
                }
                List<String> names = bySizeDescending(outputs);
                float thr = or(score, Yolov8FaceDecoder.DEFAULT_SCORE_THRESHOLD);
                Yolov8FaceDecoder dec = new Yolov8FaceDecoder(iw, ih, thr,
                        or(nms, Yolov8FaceDecoder.DEFAULT_NMS_IOU_THRESHOLD), Yolov8FaceDecoder.DEFAULT_TOP_K);
                return new DetectorModel(kind, in.name(), iw, ih, Placement.CENTER, 0,
                        writer(PixelFormat.RGB, 255f, 0f, 1f), thr,
                        (o, tw, th) -> dec.decode(list(o, names)));
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }

    private static float or(Float v, float dflt) {
        return v != null ? v : dflt;
    }

    private static TensorWriter writerMean(PixelFormat order, float m0, float m1, float m2) {
        return TensorWriter.builder().layout(Layout.NCHW).colorOrder(order).scale(1f).mean(m0, m1, m2)
                .std(1f, 1f, 1f).build();
    }

    /** NCHW writer with the same mean and std on all three channels. */
    private static TensorWriter writer(PixelFormat order, float scale, float mean, float std) {
        return TensorWriter.builder().layout(Layout.NCHW).colorOrder(order).scale(scale).mean(mean, mean, mean)
                .std(std, std, std).build();
    }

    private static List<FloatBuffer> list(Outputs o, List<String> names) {
        List<FloatBuffer> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(o.floats(n));
        }
        return out;
    }

    private static final ThreadLocal<StrideLists> STRIDE_LISTS = ThreadLocal.withInitial(StrideLists::new);

    /** Per-thread fixed-size list views over reused arrays: YuNet's four per-stride output lists, no allocation. */
    private static final class StrideLists {
        private final FloatBuffer[][] arrays = new FloatBuffer[4][3];
        private final List<List<FloatBuffer>> views = List.of(java.util.Arrays.asList(arrays[0]),
                java.util.Arrays.asList(arrays[1]), java.util.Arrays.asList(arrays[2]),
                java.util.Arrays.asList(arrays[3]));

        List<FloatBuffer> fill(int role, Outputs o, List<String> names, int from) {
            FloatBuffer[] a = arrays[role];
            for (int i = 0; i < 3; i++) {
                a[i] = o.floats(names.get(from + i));
            }
            return views.get(role);
        }

        void clear() {
            for (FloatBuffer[] a : arrays) {
                java.util.Arrays.fill(a, null);
            }
        }
    }

    private static List<String> bySizeDescending(List<TensorSpec> outputs) {
        return outputs.stream().sorted(Comparator.comparingLong(DetectorModel::elements).reversed())
                .map(TensorSpec::name).toList();
    }

    private static long elements(TensorSpec t) {
        long n = 1;
        for (long d : t.shape()) {
            n *= Math.max(d, 1);
        }
        return n;
    }

    private static String byName(DetectorKind kind, String id, List<TensorSpec> inputs, List<TensorSpec> outputs,
                                 String name) {
        for (TensorSpec t : outputs) {
            if (t.name().equals(name)) {
                return name;
            }
        }
        throw mismatch(kind, id, "an output named '" + name + "'", inputs, outputs);
    }

    private static String byLastDim(DetectorKind kind, String id, List<TensorSpec> inputs, List<TensorSpec> outputs,
                                    long last) {
        String found = null;
        for (TensorSpec t : outputs) {
            List<Long> s = t.shape();
            if (s.size() == 3 && s.get(2) == last) {
                if (found != null) {
                    throw mismatch(kind, id, "exactly one output [1,N," + last + "]", inputs, outputs);
                }
                found = t.name();
            }
        }
        if (found == null) {
            throw mismatch(kind, id, "an output [1,N," + last + "]", inputs, outputs);
        }
        return found;
    }

    private static ModelLoadException mismatch(DetectorKind kind, String id, String expected,
                                               List<TensorSpec> inputs, List<TensorSpec> outputs) {
        return new ModelLoadException("Model '" + id + "' does not fit the " + kind + " detector: expected "
                + expected + "; the model has inputs " + inputs + " and outputs " + outputs + ". Check that the "
                + "file is a " + kind + " export, or choose the DetectorKind that matches it.");
    }

    /**
     * The architecture.
     *
     * @return the kind
     */
    public DetectorKind kind() {
        return kind;
    }

    /**
     * Input tensor name.
     *
     * @return the name
     */
    public String inputName() {
        return inputName;
    }

    /**
     * Fixed input width, or -1 for dynamic.
     *
     * @return the width
     */
    public int inputWidth() {
        return inputWidth;
    }

    /**
     * Fixed input height, or -1 for dynamic.
     *
     * @return the height
     */
    public int inputHeight() {
        return inputHeight;
    }

    /**
     * Placement of the image in the input.
     *
     * @return the placement
     */
    public Placement placement() {
        return placement;
    }

    /**
     * Letterbox pad value.
     *
     * @return 0–255
     */
    public int padValue() {
        return padValue;
    }

    /**
     * The tensor writer (colour order and normalisation).
     *
     * @return the writer
     */
    public TensorWriter writer() {
        return writer;
    }

    /**
     * Score threshold in use.
     *
     * @return the threshold
     */
    public float scoreThreshold() {
        return scoreThreshold;
    }

    /**
     * Decodes the outputs of one run.
     *
     * @param outputs the outputs, valid during the call
     * @param width input width of the run
     * @param height input height of the run
     * @return candidates in input pixels
     */
    public List<FaceCandidate> decode(Outputs outputs, int width, int height) {
        return decoder.decode(outputs, width, height);
    }
}
