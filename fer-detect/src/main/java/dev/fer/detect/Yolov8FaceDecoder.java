package dev.fer.detect;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Decodes YOLOv8-face (the {@code yolov8-lite-t} export of hpc203/yolov8-face-landmarks-opencv-dnn) outputs into
 * {@link FaceCandidate}s with five landmarks, in model-input pixels, with NMS applied. Immutable and thread-safe: one
 * instance can decode outputs from any number of threads.
 *
 * <p><b>Layout.</b> Three raw heads, strides 8, 16, 32 (output names {@code output0, 884, 892} in the mirrored
 * file), each NCHW {@code [1, 80, H/s, W/s]}: channels 0–63 the DFL box distances (left, top, right, bottom × 16
 * bins), 64 the face logit, 65–79 five keypoints as (x, y, visibility logit).
 *
 * <p><b>Output contract.</b> As the reference settings and the upstream OpenCV demo: {@code score = σ(logit)}, a
 * cell is a candidate when {@code score > threshold} (strict; cells whose logit rules that out are skipped before
 * any {@code exp}); side distance {@code d = Σ softmax(bins)_k·k}; box
 * {@code ((gx + 0.5 − d0)·s, (gy + 0.5 − d1)·s, (gx + 0.5 + d2)·s, (gy + 0.5 + d3)·s)}, not clamped; keypoint
 * {@code ((kx·2 + gx)·s, (ky·2 + gy)·s)}. The keypoint visibility is not reported ({@link dev.fer.geometry.Landmarks}
 * has no field for it). Cells holding NaN or an infinity are skipped. NMS like OpenCV {@code NMSBoxes} on float
 * {@code (x, y, w, h)} boxes ({@link Nms.Overlap#OPENCV_RECT2D}) in input pixels, dropping overlap above
 * {@link #nmsIouThreshold()}, over the {@link #topK()} best. Sorted by descending score, ties in cell order (stride 8
 * first, then grid row, grid column). Defaults: score 0.45, IoU 0.5.
 *
 * <p><b>Buffers.</b> Values are read with absolute {@code get(index)} from index 0 up to the limit; the position
 * and mark are ignored and left unchanged, and nothing is copied.
 */
public final class Yolov8FaceDecoder {
    /** Default score threshold (strict). */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.45f;
    /** Default NMS IoU threshold. */
    public static final float DEFAULT_NMS_IOU_THRESHOLD = 0.5f;
    /** Default number of best-scoring candidates NMS considers: all (OpenCV's {@code top_k = 0}). */
    public static final int DEFAULT_TOP_K = 0;
    /** Input size of the mirrored model. */
    public static final int DEFAULT_INPUT_SIZE = 640;
    /** Number of DFL bins per box side. */
    public static final int REG_MAX = 16;

    private static final int[] STRIDES = {8, 16, 32};
    private static final int CHANNELS = 4 * REG_MAX + 1 + 15;
    private static final int SCORE_CHANNEL = 4 * REG_MAX;
    private static final int KEYPOINT_CHANNEL = SCORE_CHANNEL + 1;
    private static final String MODEL = "YOLOv8-face";

    private final int inputWidth;
    private final int inputHeight;
    private final float scoreThreshold;
    private final float nmsIouThreshold;
    private final int topK;
    private final double logitFloor;

    /**
     * Creates a decoder.
     *
     * @param inputWidth model input width, a positive multiple of 32 (640)
     * @param inputHeight model input height, a positive multiple of 32 (640)
     * @param scoreThreshold a cell is a candidate when its score is strictly above this, in [0, 1]
     * @param nmsIouThreshold NMS drops a candidate whose overlap with a kept one is above this, in [0, 1]
     * @param topK the number of best-scoring candidates NMS considers, 0 for all
     * @throws IllegalArgumentException when a size is not a multiple of 32 or a parameter is out of range
     */
    public Yolov8FaceDecoder(int inputWidth, int inputHeight, float scoreThreshold, float nmsIouThreshold, int topK) {
        Outputs.checkMultipleOf32(MODEL, inputWidth, inputHeight);
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.scoreThreshold = Outputs.checkScoreThreshold(MODEL, "score threshold", scoreThreshold);
        this.nmsIouThreshold = Outputs.checkIouThreshold(MODEL, nmsIouThreshold);
        this.topK = Outputs.checkLimit(MODEL, "top-k", topK);
        this.logitFloor = Outputs.logitFloor(scoreThreshold);
    }

    /**
     * A decoder for a 640×640 input with the upstream defaults (score &gt; 0.45, IoU 0.5).
     *
     * @return the decoder
     */
    public static Yolov8FaceDecoder withDefaults() {
        return new Yolov8FaceDecoder(DEFAULT_INPUT_SIZE, DEFAULT_INPUT_SIZE, DEFAULT_SCORE_THRESHOLD,
                DEFAULT_NMS_IOU_THRESHOLD, DEFAULT_TOP_K);
    }

    /**
     * Decodes one image's outputs.
     *
     * @param heads the three heads in stride order 8, 16, 32, each {@code [1, 80, H/s, W/s]} (NCHW)
     * @return the faces in model-input pixels, by descending score
     * @throws IllegalArgumentException when there are not three heads or a head's size does not match
     */
    public List<FaceCandidate> decode(List<FloatBuffer> heads) {
        Outputs.requireCount(heads, STRIDES.length, MODEL, "head");
        CandidateList list = CandidateList.forThread(true);
        float[] lm = list.landmarkScratch();
        float[] d = new float[4];
        for (int level = 0; level < STRIDES.length; level++) {
            int s = STRIDES[level];
            int nx = inputWidth / s;
            int ny = inputHeight / s;
            int plane = nx * ny;
            FloatBuffer head = Outputs.require(heads.get(level), (long) CHANNELS * plane, MODEL, "stride " + s
                    + " head", "[1, 80, " + ny + ", " + nx + "]", inputWidth, inputHeight);
            float stride = s;
            for (int gy = 0; gy < ny; gy++) {
                for (int gx = 0; gx < nx; gx++) {
                    int cell = gy * nx + gx;
                    float logit = head.get(SCORE_CHANNEL * plane + cell);
                    if (!(logit > logitFloor)) {
                        continue;
                    }
                    float score = Outputs.sigmoid(logit);
                    if (!(score > scoreThreshold)) {
                        continue;
                    }
                    for (int side = 0; side < 4; side++) {
                        d[side] = distance(head, side * REG_MAX * plane + cell, plane);
                    }
                    float ax = gx + 0.5f;
                    float ay = gy + 0.5f;
                    float x1 = (ax - d[0]) * stride;
                    float y1 = (ay - d[1]) * stride;
                    float x2 = (ax + d[2]) * stride;
                    float y2 = (ay + d[3]) * stride;
                    for (int k = 0; k < 5; k++) {
                        int c = KEYPOINT_CHANNEL + 3 * k;
                        lm[2 * k] = (head.get(c * plane + cell) * 2f + gx) * stride;
                        lm[2 * k + 1] = (head.get((c + 1) * plane + cell) * 2f + gy) * stride;
                    }
                    if (!Outputs.finite(x1, y1, x2, y2) || !(x2 >= x1 && y2 >= y1) || !Outputs.finite(lm)) {
                        continue;
                    }
                    list.add(x1, y1, x2 - x1, y2 - y1, score, lm);
                }
            }
        }
        int kept = Nms.suppressInPlace(list, Nms.Overlap.OPENCV_RECT2D, 0f, nmsIouThreshold, topK, 0, false);
        return list.toCandidates(list.kept(0), kept, true, 1f, 1f);
    }

    /** The expectation of a 16-bin softmax starting at {@code index}, bins {@code plane} apart; NaN if any bin is. */
    private static float distance(FloatBuffer head, int index, int plane) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < REG_MAX; k++) {
            float v = head.get(index + k * plane);
            if (!Float.isFinite(v)) {
                return Float.NaN;
            }
            max = Math.max(max, v);
        }
        double sum = 0;
        double weighted = 0;
        for (int k = 0; k < REG_MAX; k++) {
            double e = Math.exp(head.get(index + k * plane) - max);
            sum += e;
            weighted += e * k;
        }
        return (float) (weighted / sum);
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
     * The score threshold (strict).
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
        return "Yolov8FaceDecoder[" + inputWidth + "x" + inputHeight + ", score > " + scoreThreshold + ", IoU "
                + nmsIouThreshold + ", top-k " + topK + "]";
    }
}
