package dev.fer.detect;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Decodes YOLOv5-face (deepcam-cn/yolov5-face) outputs into {@link FaceCandidate}s with five landmarks, in
 * model-input pixels, with NMS applied. Immutable and thread-safe: one instance can decode outputs from any number of
 * threads.
 *
 * <p><b>Layouts.</b> Each row has 16 values {@code x, y, w, h, obj, l0x, l0y, …, l4x, l4y, cls}; anchors (pixels)
 * P3/8 (4,5) (8,10) (13,16), P4/16 (23,29) (43,55) (73,105), P5/32 (146,217) (231,300) (335,433).
 * <ul>
 *   <li>{@link Layout#RAW_HEADS} (the mirrored {@code yolov5n-0.5-face.onnx}): three outputs {@code stride_8,
 *   stride_16, stride_32} of shape {@code [1, 3, H/s, W/s, 16]}, all values raw (pre-sigmoid). Decoded as upstream:
 *   {@code xy = (σ(v)·2 − 0.5 + grid)·s}, {@code wh = (σ(v)·2)²·anchor}, landmark
 *   {@code = v·anchor + grid·s} (no sigmoid), {@code obj = σ(obj)}, {@code cls = σ(cls)}.</li>
 *   <li>{@link Layout#FLAT_DECODED}: one output {@code [1, N, 16]}, {@code N = 3·Σ(H/s)(W/s)} (25200 at 640×640),
 *   as written by yolov5-face's {@code export_cat} head and consumed by FastDeploy and lite.ai.toolkit: the graph has
 *   already applied the sigmoid <em>and</em> the grid/anchor decoding above, so {@code x, y, w, h} are centre and
 *   size in input pixels, landmarks are input pixels and {@code obj}, {@code cls} are probabilities. Rows are read as
 *   they are.</li>
 * </ul>
 *
 * <p><b>Output contract.</b> As the reference settings and {@code detect_face.py}: a row is a candidate when
 * {@code obj > threshold} and {@code obj·cls > threshold} (both strict; score = {@code obj·cls}). A raw row below
 * the objectness threshold is skipped before any {@code exp}. Rows holding NaN or an infinity are skipped. Box
 * {@code (cx − w/2, cy − h/2, cx + w/2, cy + h/2)}, not clamped. NMS torchvision-style ({@link Nms.Overlap#IOU},
 * no +1) in input pixels, dropping IoU above {@link #nmsIouThreshold()}, over the {@link #topK()} best. Sorted by
 * descending score, ties in row order (stride 8 first, then anchor, grid row, grid column). Defaults: score 0.6,
 * IoU 0.5.
 *
 * <p><b>Buffers.</b> Values are read with absolute {@code get(index)} from index 0 up to the limit; the position
 * and mark are ignored and left unchanged, and nothing is copied.
 */
public final class Yolov5FaceDecoder {
    /** How the model's outputs are laid out. */
    public enum Layout {
        /** Three raw per-stride heads {@code [1, 3, H/s, W/s, 16]}, pre-sigmoid, grid/anchor decoding to do. */
        RAW_HEADS,
        /** One {@code [1, N, 16]} output with sigmoid and grid/anchor decoding already applied by the graph. */
        FLAT_DECODED
    }

    /** Default score threshold (strict, on obj and on obj·cls). */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.6f;
    /** Default NMS IoU threshold. */
    public static final float DEFAULT_NMS_IOU_THRESHOLD = 0.5f;
    /** Default number of best-scoring candidates NMS considers (yolov5's {@code max_nms}). */
    public static final int DEFAULT_TOP_K = 30000;
    /** Input size of the mirrored model. */
    public static final int DEFAULT_INPUT_SIZE = 640;

    private static final int[] STRIDES = {8, 16, 32};
    private static final float[][] ANCHORS = {
        {4, 5, 8, 10, 13, 16},
        {23, 29, 43, 55, 73, 105},
        {146, 217, 231, 300, 335, 433},
    };
    private static final int ANCHORS_PER_CELL = 3;
    private static final int ROW = 16;
    private static final String MODEL = "YOLOv5-face";

    private final Layout layout;
    private final int inputWidth;
    private final int inputHeight;
    private final float scoreThreshold;
    private final float nmsIouThreshold;
    private final int topK;
    private final double objLogitFloor;

    /**
     * Creates a decoder.
     *
     * @param layout how the outputs are laid out
     * @param inputWidth model input width, a positive multiple of 32 (640)
     * @param inputHeight model input height, a positive multiple of 32 (640)
     * @param scoreThreshold a row is a candidate when obj and obj·cls are both strictly above this, in [0, 1]
     * @param nmsIouThreshold NMS drops a candidate whose IoU with a kept one is above this, in [0, 1]
     * @param topK the number of best-scoring candidates NMS considers, 0 for all
     * @throws IllegalArgumentException when a size is not a multiple of 32 or a parameter is out of range
     */
    public Yolov5FaceDecoder(Layout layout, int inputWidth, int inputHeight, float scoreThreshold,
                             float nmsIouThreshold, int topK) {
        if (layout == null) {
            throw new NullPointerException("layout");
        }
        Outputs.checkMultipleOf32(MODEL, inputWidth, inputHeight);
        this.layout = layout;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.scoreThreshold = Outputs.checkScoreThreshold(MODEL, "score threshold", scoreThreshold);
        this.nmsIouThreshold = Outputs.checkIouThreshold(MODEL, nmsIouThreshold);
        this.topK = Outputs.checkLimit(MODEL, "top-k", topK);
        this.objLogitFloor = Outputs.logitFloor(scoreThreshold);
    }

    /**
     * A decoder for a 640×640 input with the upstream defaults (score &gt; 0.6, IoU 0.5).
     *
     * @param layout how the outputs are laid out
     * @return the decoder
     */
    public static Yolov5FaceDecoder withDefaults(Layout layout) {
        return new Yolov5FaceDecoder(layout, DEFAULT_INPUT_SIZE, DEFAULT_INPUT_SIZE, DEFAULT_SCORE_THRESHOLD,
                DEFAULT_NMS_IOU_THRESHOLD, DEFAULT_TOP_K);
    }

    /**
     * Decodes one image's outputs.
     *
     * @param outputs for {@link Layout#RAW_HEADS} the three heads {@code stride_8, stride_16, stride_32}, each
     *     {@code [1, 3, H/s, W/s, 16]}; for {@link Layout#FLAT_DECODED} the single {@code [1, N, 16]} output
     * @return the faces in model-input pixels, by descending score
     * @throws IllegalArgumentException when the number of buffers or a buffer's size does not match the layout
     */
    public List<FaceCandidate> decode(List<FloatBuffer> outputs) {
        CandidateList list = CandidateList.forThread(true);
        float[] lm = list.landmarkScratch();
        if (layout == Layout.RAW_HEADS) {
            Outputs.requireCount(outputs, STRIDES.length, MODEL, "raw head");
            for (int level = 0; level < STRIDES.length; level++) {
                decodeHead(outputs.get(level), level, list, lm);
            }
        } else {
            Outputs.requireCount(outputs, 1, MODEL, "flat output");
            decodeFlat(outputs.get(0), list, lm);
        }
        int kept = Nms.suppressInPlace(list, Nms.Overlap.IOU, 0f, nmsIouThreshold, topK, 0, false);
        return list.toCandidates(list.kept(0), kept, false, 1f, 1f);
    }

    private void decodeHead(FloatBuffer head, int level, CandidateList list, float[] lm) {
        int s = STRIDES[level];
        int nx = inputWidth / s;
        int ny = inputHeight / s;
        Outputs.require(head, (long) ANCHORS_PER_CELL * ny * nx * ROW, MODEL, "stride_" + s,
                "[1, 3, " + ny + ", " + nx + ", 16]", inputWidth, inputHeight);
        float stride = s;
        for (int a = 0; a < ANCHORS_PER_CELL; a++) {
            float aw = ANCHORS[level][2 * a];
            float ah = ANCHORS[level][2 * a + 1];
            for (int gy = 0; gy < ny; gy++) {
                for (int gx = 0; gx < nx; gx++) {
                    int o = ((a * ny + gy) * nx + gx) * ROW;
                    float objRaw = head.get(o + 4);
                    if (!(objRaw > objLogitFloor)) {
                        continue;
                    }
                    float obj = Outputs.sigmoid(objRaw);
                    if (!(obj > scoreThreshold)) {
                        continue;
                    }
                    float score = obj * Outputs.sigmoid(head.get(o + 15));
                    if (!(score > scoreThreshold)) {
                        continue;
                    }
                    float cx = (Outputs.sigmoid(head.get(o)) * 2f - 0.5f + gx) * stride;
                    float cy = (Outputs.sigmoid(head.get(o + 1)) * 2f - 0.5f + gy) * stride;
                    float tw = Outputs.sigmoid(head.get(o + 2)) * 2f;
                    float th = Outputs.sigmoid(head.get(o + 3)) * 2f;
                    float w = tw * tw * aw;
                    float h = th * th * ah;
                    for (int k = 0; k < 5; k++) {
                        lm[2 * k] = head.get(o + 5 + 2 * k) * aw + gx * stride;
                        lm[2 * k + 1] = head.get(o + 6 + 2 * k) * ah + gy * stride;
                    }
                    add(list, cx, cy, w, h, score, lm);
                }
            }
        }
    }

    private void decodeFlat(FloatBuffer flat, CandidateList list, float[] lm) {
        int n = 0;
        for (int s : STRIDES) {
            n += ANCHORS_PER_CELL * (inputWidth / s) * (inputHeight / s);
        }
        Outputs.require(flat, (long) n * ROW, MODEL, "output", "[1, " + n + ", 16]", inputWidth, inputHeight);
        for (int i = 0; i < n; i++) {
            int o = i * ROW;
            float obj = flat.get(o + 4);
            if (!(obj > scoreThreshold)) {
                continue;
            }
            float score = obj * flat.get(o + 15);
            if (!(score > scoreThreshold)) {
                continue;
            }
            for (int k = 0; k < 10; k++) {
                lm[k] = flat.get(o + 5 + k);
            }
            add(list, flat.get(o), flat.get(o + 1), flat.get(o + 2), flat.get(o + 3), score, lm);
        }
    }

    private static void add(CandidateList list, float cx, float cy, float w, float h, float score, float[] lm) {
        float x1 = cx - w / 2f;
        float y1 = cy - h / 2f;
        float x2 = cx + w / 2f;
        float y2 = cy + h / 2f;
        if (Outputs.finite(x1, y1, x2, y2) && x2 >= x1 && y2 >= y1 && Outputs.finite(lm)) {
            list.add(x1, y1, x2, y2, Math.min(score, 1f), lm);
        }
    }

    /**
     * The output layout this decoder reads.
     *
     * @return the layout
     */
    public Layout layout() {
        return layout;
    }

    /**
     * The model input width.
     *
     * @return width in pixels
     */
    public int inputWidth() {
        return inputWidth;
    }

    /**
     * The model input height.
     *
     * @return height in pixels
     */
    public int inputHeight() {
        return inputHeight;
    }

    /**
     * The score threshold (strict, on obj and on obj·cls).
     *
     * @return the threshold
     */
    public float scoreThreshold() {
        return scoreThreshold;
    }

    /**
     * The NMS IoU threshold.
     *
     * @return the threshold
     */
    public float nmsIouThreshold() {
        return nmsIouThreshold;
    }

    /**
     * The number of best-scoring candidates NMS considers.
     *
     * @return the limit, 0 for none
     */
    public int topK() {
        return topK;
    }

    @Override
    public String toString() {
        return "Yolov5FaceDecoder[" + layout + ", " + inputWidth + "x" + inputHeight + ", score > " + scoreThreshold
                + ", IoU " + nmsIouThreshold + ", top-k " + topK + "]";
    }
}
