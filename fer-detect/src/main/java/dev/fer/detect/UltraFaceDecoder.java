package dev.fer.detect;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Decodes UltraFace (Ultra-Light-Fast-Generic-Face-Detector-1MB) outputs into {@link FaceCandidate}s in model-input
 * pixels, with NMS applied. Handles both exports: the post-processed one ({@link #decode}) and the one without
 * post-processing ({@link #decodeRaw}). Immutable and thread-safe: one instance can decode outputs from any number of
 * threads.
 *
 * <p><b>Output contract.</b> Rows whose face score is not strictly above {@link #scoreThreshold()} are skipped
 * before any other work; rows whose score or box holds NaN or an infinity, or whose box is inverted, are skipped
 * too. The remaining rows go through UltraFace's {@code hard_nms} in normalised coordinates: the
 * {@link #candidateLimit()} best by score, IoU {@code inter / (union + 1e-5)}, a row dropped when its IoU with a kept
 * one is above {@link #nmsIouThreshold()}. Among equal scores the <em>later</em> row
 * wins, because {@code hard_nms} pops candidates from the end of an ascending argsort; this matters in practice,
 * since UltraFace saturates at exactly 1.0 for large faces (two reference images have two rows tied at 1.0 whose
 * boxes differ by about 5 px). The result is sorted by descending score (ties: later row first), boxes
 * are {@code x1, y1, x2, y2} multiplied by the input width and height, not clamped, and carry no landmarks.
 * Defaults follow the reference settings and the upstream {@code detect_imgs_onnx.py}: score &gt; 0.7, IoU 0.3,
 * 200 candidates.
 *
 * <p><b>Buffers.</b> Values are read with absolute {@code get(index)} from index 0 up to the limit; the position
 * and mark are ignored and left unchanged, and nothing is copied, so direct buffers over native tensor memory can be
 * passed as they are.
 */
public final class UltraFaceDecoder {
    /** Default score threshold (strict: a face needs a score above it). */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.7f;
    /** Default NMS IoU threshold. */
    public static final float DEFAULT_NMS_IOU_THRESHOLD = 0.3f;
    /** Default number of best-scoring candidates NMS looks at ({@code candidate_size}). */
    public static final int DEFAULT_CANDIDATE_LIMIT = 200;
    /** SSD centre variance of the raw export. */
    public static final float CENTER_VARIANCE = 0.1f;
    /** SSD size variance of the raw export. */
    public static final float SIZE_VARIANCE = 0.2f;
    /** Added to the union by UltraFace's {@code iou_of}, in normalised coordinates. */
    static final float UNION_EPSILON = 1e-5f;

    private static final String MODEL = "UltraFace";

    private final int inputWidth;
    private final int inputHeight;
    private final float scoreThreshold;
    private final float nmsIouThreshold;
    private final int candidateLimit;
    private final SsdPriors priors;

    /**
     * Creates a decoder.
     *
     * @param inputWidth model input width (320 for RFB-320 and slim-320, 640 for RFB-640)
     * @param inputHeight model input height (240, or 480 for RFB-640)
     * @param scoreThreshold a row is a candidate when its face score is strictly above this, in [0, 1]
     * @param nmsIouThreshold NMS drops a candidate whose IoU with a kept one is above this, in [0, 1]
     * @param candidateLimit the number of best-scoring candidates NMS considers, 0 for all
     * @throws IllegalArgumentException when a size is not positive or a parameter is out of range
     */
    public UltraFaceDecoder(int inputWidth, int inputHeight, float scoreThreshold, float nmsIouThreshold,
                            int candidateLimit) {
        Outputs.checkPositive(MODEL, inputWidth, inputHeight);
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.scoreThreshold = Outputs.checkScoreThreshold(MODEL, "score threshold", scoreThreshold);
        this.nmsIouThreshold = Outputs.checkIouThreshold(MODEL, nmsIouThreshold);
        this.candidateLimit = Outputs.checkLimit(MODEL, "candidate limit", candidateLimit);
        this.priors = SsdPriors.ultraFace(inputWidth, inputHeight);
    }

    /**
     * A decoder with the upstream defaults ({@value #DEFAULT_SCORE_THRESHOLD}, IoU
     * {@value #DEFAULT_NMS_IOU_THRESHOLD}, {@value #DEFAULT_CANDIDATE_LIMIT} candidates).
     *
     * @param inputWidth model input width
     * @param inputHeight model input height
     * @return the decoder
     */
    public static UltraFaceDecoder withDefaults(int inputWidth, int inputHeight) {
        return new UltraFaceDecoder(inputWidth, inputHeight, DEFAULT_SCORE_THRESHOLD, DEFAULT_NMS_IOU_THRESHOLD,
                DEFAULT_CANDIDATE_LIMIT);
    }

    /**
     * Decodes the post-processed export ({@code version-RFB-320.onnx} and friends).
     *
     * @param scores output {@code scores}, {@code [1, N, 2]} softmax probabilities, column 1 = face; N is
     *     {@link SsdPriors#count()} for this input size (4420 at 320×240, 17640 at 640×480)
     * @param boxes output {@code boxes}, {@code [1, N, 4]} normalised {@code x1, y1, x2, y2}
     * @return the faces in model-input pixels, by descending score
     * @throws IllegalArgumentException when a buffer's size does not match {@code N}
     */
    public List<FaceCandidate> decode(FloatBuffer scores, FloatBuffer boxes) {
        int n = priors.count();
        Outputs.require(scores, 2L * n, MODEL, "scores", "[1, " + n + ", 2]", inputWidth, inputHeight);
        Outputs.require(boxes, 4L * n, MODEL, "boxes", "[1, " + n + ", 4]", inputWidth, inputHeight);
        CandidateList list = CandidateList.forThread(false);
        for (int i = 0; i < n; i++) {
            float score = scores.get(2 * i + 1);
            if (!(score > scoreThreshold)) {
                continue;
            }
            int o = 4 * i;
            add(list, boxes.get(o), boxes.get(o + 1), boxes.get(o + 2), boxes.get(o + 3), score);
        }
        return finish(list);
    }

    /**
     * Decodes the export without post-processing ({@code version-RFB-320_without_postprocessing.onnx}): the boxes
     * are SSD offsets from the priors of {@link SsdPriors#ultraFace(int, int)}: {@code cx = p.cx + l0·0.1·p.w},
     * {@code cy = p.cy + l1·0.1·p.h}, {@code w = p.w·exp(l2·0.2)}, {@code h = p.h·exp(l3·0.2)}. That export's scores
     * are already softmax probabilities, as in the post-processed one (reference settings of
     * {@code ultraface_rfb320_raw}), so none is applied here.
     *
     * @param scores output {@code scores}, {@code [1, N, 2]} softmax probabilities, column 1 = face
     * @param locations output {@code boxes}, {@code [1, N, 4]} raw offsets {@code l0, l1, l2, l3}
     * @return the faces in model-input pixels, by descending score
     * @throws IllegalArgumentException when a buffer's size does not match {@code N}
     */
    public List<FaceCandidate> decodeRaw(FloatBuffer scores, FloatBuffer locations) {
        int n = priors.count();
        Outputs.require(scores, 2L * n, MODEL, "scores", "[1, " + n + ", 2]", inputWidth, inputHeight);
        Outputs.require(locations, 4L * n, MODEL, "boxes", "[1, " + n + ", 4]", inputWidth, inputHeight);
        float[] p = priors.data();
        CandidateList list = CandidateList.forThread(false);
        for (int i = 0; i < n; i++) {
            float score = scores.get(2 * i + 1);
            if (!(score > scoreThreshold)) {
                continue;
            }
            int o = 4 * i;
            float pw = p[o + 2];
            float ph = p[o + 3];
            float cx = locations.get(o) * CENTER_VARIANCE * pw + p[o];
            float cy = locations.get(o + 1) * CENTER_VARIANCE * ph + p[o + 1];
            float w = (float) Math.exp(locations.get(o + 2) * SIZE_VARIANCE) * pw;
            float h = (float) Math.exp(locations.get(o + 3) * SIZE_VARIANCE) * ph;
            add(list, cx - w / 2f, cy - h / 2f, cx + w / 2f, cy + h / 2f, score);
        }
        return finish(list);
    }

    private void add(CandidateList list, float x1, float y1, float x2, float y2, float score) {
        // Checked in pixels: a finite normalised value can still overflow once scaled.
        if (Outputs.finite(x1 * inputWidth, y1 * inputHeight, x2 * inputWidth, y2 * inputHeight)
                && x2 >= x1 && y2 >= y1) {
            list.add(x1, y1, x2, y2, score, null);
        }
    }

    private List<FaceCandidate> finish(CandidateList list) {
        int kept = Nms.suppressInPlace(list, Nms.Overlap.IOU, UNION_EPSILON, nmsIouThreshold, candidateLimit, 0,
                true);
        return list.toCandidates(list.kept(0), kept, false, inputWidth, inputHeight);
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
    public int candidateLimit() {
        return candidateLimit;
    }

    /**
     * The priors the raw export is decoded with.
     *
     * @return the cached priors for this input size
     */
    public SsdPriors priors() {
        return priors;
    }

    @Override
    public String toString() {
        return "UltraFaceDecoder[" + inputWidth + "x" + inputHeight + ", score > " + scoreThreshold + ", IoU "
                + nmsIouThreshold + ", candidates " + candidateLimit + "]";
    }
}
