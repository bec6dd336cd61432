package dev.fer.detect;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Decodes YuNet (libfacedetection / OpenCV Zoo {@code face_detection_yunet_2023mar} and {@code yunet_s_dynamic})
 * outputs into {@link FaceCandidate}s with five landmarks, in model-input pixels, with NMS applied, exactly as
 * OpenCV's {@code cv::FaceDetectorYN} does it. Immutable and thread-safe: one instance can decode outputs from any
 * number of threads, and, because the input
 * size is an argument of {@link #decode}, outputs of the dynamic model at any input size.
 *
 * <p><b>Output contract.</b> For stride {@code s} in 8, 16, 32 and cell {@code i} of a {@code (W/s) × (H/s)} grid
 * ({@code row = i / (W/s)}, {@code col = i % (W/s)}): {@code score = sqrt(clamp01(cls)·clamp01(obj))};
 * {@code cx = (col + b0)·s}, {@code cy = (row + b1)·s}, {@code w = exp(b2)·s}, {@code h = exp(b3)·s}, box
 * {@code (cx − w/2, cy − h/2, w, h)}; landmark n {@code = ((k[2n] + col)·s, (k[2n+1] + row)·s)}. Cells are
 * candidates when {@code score >= threshold}; when there are two or more, OpenCV's {@code NMSBoxes} applies its
 * own strict {@code score > threshold}, so a score exactly at the threshold survives only when it is the sole
 * candidate — reproduced here on purpose (reference settings: "score &gt;= threshold (and &gt; threshold inside NMS
 * when there are 2+ candidates)"). NMS: stable descending sort, the {@link #topK()} best, boxes truncated to integer
 * {@code (x, y, w, h)}, dropped when the overlap with a kept one is above {@link #nmsIouThreshold()}
 * ({@link Nms.Overlap#OPENCV_RECT}). Cells holding NaN or an infinity are skipped. Reported boxes are
 * {@code (x, y, x + w, y + h)} from the untruncated floats, not clamped; sorted by descending score, ties in cell
 * order. Defaults are the OpenCV Zoo demo's: score 0.9, IoU 0.3, top-k 5000.
 *
 * <p><b>Buffers.</b> Values are read with absolute {@code get(index)} from index 0 up to the limit; the position
 * and mark are ignored and left unchanged, and nothing is copied.
 */
public final class YuNetDecoder {
    /** Default score threshold (inclusive; see the class comment for the NMS quirk). */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.9f;
    /** Default NMS IoU threshold. */
    public static final float DEFAULT_NMS_IOU_THRESHOLD = 0.3f;
    /** Default number of best-scoring candidates NMS considers. */
    public static final int DEFAULT_TOP_K = 5000;
    /** Input size of the fixed model. */
    public static final int FIXED_INPUT_SIZE = 640;

    private static final int[] STRIDES = {8, 16, 32};
    private static final String MODEL = "YuNet";

    private final float scoreThreshold;
    private final float nmsIouThreshold;
    private final int topK;

    /**
     * Creates a decoder.
     *
     * @param scoreThreshold a cell is a candidate when its score is at or above this, in [0, 1]
     * @param nmsIouThreshold NMS drops a candidate whose integer-box overlap with a kept one is above this, in [0, 1]
     * @param topK the number of best-scoring candidates NMS considers, 0 for all
     * @throws IllegalArgumentException when a parameter is out of range
     */
    public YuNetDecoder(float scoreThreshold, float nmsIouThreshold, int topK) {
        this.scoreThreshold = Outputs.checkScoreThreshold(MODEL, "score threshold", scoreThreshold);
        this.nmsIouThreshold = Outputs.checkIouThreshold(MODEL, nmsIouThreshold);
        this.topK = Outputs.checkLimit(MODEL, "top-k", topK);
    }

    /**
     * A decoder with the OpenCV Zoo defaults (score ≥ 0.9, IoU 0.3, top-k 5000).
     *
     * @return the decoder
     */
    public static YuNetDecoder withDefaults() {
        return new YuNetDecoder(DEFAULT_SCORE_THRESHOLD, DEFAULT_NMS_IOU_THRESHOLD, DEFAULT_TOP_K);
    }

    /**
     * A decoder with the OpenCV Zoo NMS defaults and another score threshold (0.6 finds every face RetinaFace finds
     * on the reference images).
     *
     * @param scoreThreshold the score threshold (inclusive), in [0, 1]
     * @return the decoder
     */
    public static YuNetDecoder withScoreThreshold(float scoreThreshold) {
        return new YuNetDecoder(scoreThreshold, DEFAULT_NMS_IOU_THRESHOLD, DEFAULT_TOP_K);
    }

    /**
     * Decodes one image's outputs. Each list holds the three buffers of one kind in stride order 8, 16, 32 (for the
     * 2023mar model: {@code cls_8, cls_16, cls_32}, and so on); for stride {@code s} there are
     * {@code N = (W/s)·(H/s)} cells.
     *
     * @param inputWidth the width W of the tensor fed to the model (640 for the fixed model, the padded width for
     *     the dynamic one), a positive multiple of 32
     * @param inputHeight the height H of that tensor, a positive multiple of 32
     * @param cls {@code cls_s} outputs, {@code [1, N, 1]} probabilities (sigmoid done)
     * @param obj {@code obj_s} outputs, {@code [1, N, 1]} probabilities (sigmoid done)
     * @param bbox {@code bbox_s} outputs, {@code [1, N, 4]}: {@code b0, b1, b2, b3}
     * @param kps {@code kps_s} outputs, {@code [1, N, 10]}: five (x, y) offsets
     * @return the faces in model-input pixels, by descending score
     * @throws IllegalArgumentException when the size is not a multiple of 32, a list does not hold three buffers or a
     *     buffer's size does not match its {@code N}
     */
    public List<FaceCandidate> decode(int inputWidth, int inputHeight, List<FloatBuffer> cls, List<FloatBuffer> obj,
                                      List<FloatBuffer> bbox, List<FloatBuffer> kps) {
        Outputs.checkMultipleOf32(MODEL, inputWidth, inputHeight);
        Outputs.requireCount(cls, STRIDES.length, MODEL, "cls");
        Outputs.requireCount(obj, STRIDES.length, MODEL, "obj");
        Outputs.requireCount(bbox, STRIDES.length, MODEL, "bbox");
        Outputs.requireCount(kps, STRIDES.length, MODEL, "kps");
        CandidateList list = CandidateList.forThread(true);
        float[] lm = list.landmarkScratch();
        for (int level = 0; level < STRIDES.length; level++) {
            int s = STRIDES[level];
            int cols = inputWidth / s;
            int rows = inputHeight / s;
            int n = cols * rows;
            FloatBuffer c = Outputs.require(cls.get(level), MODEL, "cls_", s, n, 1, inputWidth, inputHeight);
            FloatBuffer o = Outputs.require(obj.get(level), MODEL, "obj_", s, n, 1, inputWidth, inputHeight);
            FloatBuffer b = Outputs.require(bbox.get(level), MODEL, "bbox_", s, n, 4, inputWidth, inputHeight);
            FloatBuffer k = Outputs.require(kps.get(level), MODEL, "kps_", s, n, 10, inputWidth, inputHeight);
            float stride = s;
            for (int i = 0; i < n; i++) {
                float clsScore = Math.min(Math.max(c.get(i), 0f), 1f);
                float objScore = Math.min(Math.max(o.get(i), 0f), 1f);
                float score = (float) Math.sqrt(clsScore * objScore);
                if (!(score >= scoreThreshold)) {
                    continue;
                }
                int row = i / cols;
                int col = i % cols;
                float cx = (col + b.get(4 * i)) * stride;
                float cy = (row + b.get(4 * i + 1)) * stride;
                float w = (float) Math.exp(b.get(4 * i + 2)) * stride;
                float h = (float) Math.exp(b.get(4 * i + 3)) * stride;
                float x1 = cx - w / 2f;
                float y1 = cy - h / 2f;
                if (!Outputs.finite(x1, y1, x1 + w, y1 + h)) {
                    continue;
                }
                for (int p = 0; p < 5; p++) {
                    lm[2 * p] = (k.get(10 * i + 2 * p) + col) * stride;
                    lm[2 * p + 1] = (k.get(10 * i + 2 * p + 1) + row) * stride;
                }
                if (!Outputs.finite(lm)) {
                    continue;
                }
                list.add(x1, y1, w, h, score, lm);
            }
        }
        if (list.size() > 1) {
            list.retainScoresAbove(scoreThreshold); // NMSBoxes' own strict score test
        }
        int kept = Nms.suppressInPlace(list, Nms.Overlap.OPENCV_RECT, 0f, nmsIouThreshold, topK, 0, false);
        return list.toCandidates(list.kept(0), kept, true, 1f, 1f);
    }

    /**
     * The score threshold (inclusive; strict inside NMS when there are two or more candidates).
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
        return "YuNetDecoder[score >= " + scoreThreshold + ", IoU " + nmsIouThreshold + ", top-k " + topK + "]";
    }
}
