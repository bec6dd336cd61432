package dev.fer.detect;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Decodes RetinaFace (biubug6/Pytorch_Retinaface MobileNet-0.25) outputs into {@link FaceCandidate}s with five
 * landmarks, in model-input pixels, with NMS applied. Immutable and thread-safe: one instance can decode outputs from
 * any number of threads.
 *
 * <p><b>Output contract.</b> The upstream {@code detect.py} pipeline, as the reference settings spell it out:
 * candidates with face score strictly above {@link #preNmsThreshold()} (0.02), the {@link #preNmsTopK()} (5000)
 * best, {@code py_cpu_nms} with +1-pixel areas in input pixels dropping IoU above {@link #nmsIouThreshold()} (0.4),
 * the first {@link #keepTopK()} (750) kept, then only those with score at or above {@link #scoreThreshold()} (0.6,
 * the demo's {@code vis_thres}) reported. Because a lower-scoring box never suppresses a higher-scoring one, this
 * decoder drops rows below the report threshold before NMS; the result is identical and NMS sees far fewer boxes.
 * Rows holding NaN or an infinity are skipped. Boxes are decoded from the priors of
 * {@link SsdPriors#retinaFace(int, int)}: {@code c = p.c + loc.c·0.1·p.wh}, {@code wh = p.wh·exp(loc.wh·0.2)},
 * landmark k {@code = p.c + ldm_k·0.1·p.wh}, then multiplied by the input size; not clamped. The result is sorted by
 * descending score, ties in prior order.
 *
 * <p><b>Buffers.</b> Values are read with absolute {@code get(index)} from index 0 up to the limit; the position
 * and mark are ignored and left unchanged, and nothing is copied.
 */
public final class RetinaFaceDecoder {
    /** Default input size of the mirrored model (640×640). */
    public static final int DEFAULT_INPUT_SIZE = 640;
    /** Default pre-NMS threshold (strict). */
    public static final float DEFAULT_PRE_NMS_THRESHOLD = 0.02f;
    /** Default report threshold, applied after NMS (inclusive). */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.6f;
    /** Default NMS IoU threshold. */
    public static final float DEFAULT_NMS_IOU_THRESHOLD = 0.4f;
    /** Default number of best-scoring candidates NMS considers. */
    public static final int DEFAULT_PRE_NMS_TOP_K = 5000;
    /** Default number of candidates kept by NMS. */
    public static final int DEFAULT_KEEP_TOP_K = 750;
    /** SSD centre variance. */
    public static final float CENTER_VARIANCE = 0.1f;
    /** SSD size variance. */
    public static final float SIZE_VARIANCE = 0.2f;

    private static final String MODEL = "RetinaFace";

    private final int inputWidth;
    private final int inputHeight;
    private final float preNmsThreshold;
    private final float scoreThreshold;
    private final float nmsIouThreshold;
    private final int preNmsTopK;
    private final int keepTopK;
    private final SsdPriors priors;

    /**
     * Creates a decoder.
     *
     * @param inputWidth model input width (640)
     * @param inputHeight model input height (640)
     * @param preNmsThreshold a row is a candidate when its face score is strictly above this, in [0, 1]
     * @param scoreThreshold a kept candidate is reported when its score is at or above this, in [0, 1]
     * @param nmsIouThreshold NMS drops a candidate whose +1-pixel IoU with a kept one is above this, in [0, 1]
     * @param preNmsTopK the number of best-scoring candidates NMS considers, 0 for all
     * @param keepTopK the number of candidates NMS keeps at most, 0 for no limit
     * @throws IllegalArgumentException when a size is not positive or a parameter is out of range
     */
    public RetinaFaceDecoder(int inputWidth, int inputHeight, float preNmsThreshold, float scoreThreshold,
                             float nmsIouThreshold, int preNmsTopK, int keepTopK) {
        Outputs.checkPositive(MODEL, inputWidth, inputHeight);
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.preNmsThreshold = Outputs.checkScoreThreshold(MODEL, "pre-NMS threshold", preNmsThreshold);
        this.scoreThreshold = Outputs.checkScoreThreshold(MODEL, "score threshold", scoreThreshold);
        this.nmsIouThreshold = Outputs.checkIouThreshold(MODEL, nmsIouThreshold);
        this.preNmsTopK = Outputs.checkLimit(MODEL, "pre-NMS top-k", preNmsTopK);
        this.keepTopK = Outputs.checkLimit(MODEL, "keep top-k", keepTopK);
        this.priors = SsdPriors.retinaFace(inputWidth, inputHeight);
    }

    /**
     * A decoder for the 640×640 model with the reference defaults (pre-NMS &gt; 0.02, top 5000, IoU 0.4, keep 750,
     * report ≥ 0.6).
     *
     * @return the decoder
     */
    public static RetinaFaceDecoder withDefaults() {
        return withScoreThreshold(DEFAULT_SCORE_THRESHOLD);
    }

    /**
     * A decoder for the 640×640 model with the reference defaults and another report threshold.
     *
     * @param scoreThreshold the report threshold (inclusive), in [0, 1]
     * @return the decoder
     */
    public static RetinaFaceDecoder withScoreThreshold(float scoreThreshold) {
        return new RetinaFaceDecoder(DEFAULT_INPUT_SIZE, DEFAULT_INPUT_SIZE, DEFAULT_PRE_NMS_THRESHOLD,
                scoreThreshold, DEFAULT_NMS_IOU_THRESHOLD, DEFAULT_PRE_NMS_TOP_K, DEFAULT_KEEP_TOP_K);
    }

    /**
     * Decodes one image's outputs.
     *
     * @param loc output {@code output0}, {@code [1, N, 4]} SSD offsets; N is {@link SsdPriors#count()} (16800 at
     *     640×640)
     * @param conf output {@code output1}, {@code [1, N, 2]} softmax probabilities, column 1 = face
     * @param landmarks output {@code output2}, {@code [1, N, 10]} landmark offsets, five (x, y) pairs
     * @return the faces in model-input pixels, by descending score
     * @throws IllegalArgumentException when a buffer's size does not match {@code N}
     */
    public List<FaceCandidate> decode(FloatBuffer loc, FloatBuffer conf, FloatBuffer landmarks) {
        int n = priors.count();
        Outputs.require(loc, 4L * n, MODEL, "loc (output0)", "[1, " + n + ", 4]", inputWidth, inputHeight);
        Outputs.require(conf, 2L * n, MODEL, "conf (output1)", "[1, " + n + ", 2]", inputWidth, inputHeight);
        Outputs.require(landmarks, 10L * n, MODEL, "landmarks (output2)", "[1, " + n + ", 10]", inputWidth,
                inputHeight);
        float[] p = priors.data();
        float w640 = inputWidth;
        float h640 = inputHeight;
        CandidateList list = CandidateList.forThread(true);
        float[] lm = list.landmarkScratch();
        for (int i = 0; i < n; i++) {
            float score = conf.get(2 * i + 1);
            if (!(score > preNmsThreshold && score >= scoreThreshold)) {
                continue;
            }
            int o = 4 * i;
            float pcx = p[o];
            float pcy = p[o + 1];
            float pw = p[o + 2];
            float ph = p[o + 3];
            float cx = pcx + loc.get(o) * CENTER_VARIANCE * pw;
            float cy = pcy + loc.get(o + 1) * CENTER_VARIANCE * ph;
            float w = pw * (float) Math.exp(loc.get(o + 2) * SIZE_VARIANCE);
            float h = ph * (float) Math.exp(loc.get(o + 3) * SIZE_VARIANCE);
            float x1 = cx - w / 2f;
            float y1 = cy - h / 2f;
            float x2 = (w + x1) * w640;
            float y2 = (h + y1) * h640;
            x1 *= w640;
            y1 *= h640;
            if (!Outputs.finite(x1, y1, x2, y2) || !(x2 >= x1 && y2 >= y1)) {
                continue;
            }
            int l = 10 * i;
            for (int k = 0; k < 5; k++) {
                lm[2 * k] = (pcx + landmarks.get(l + 2 * k) * CENTER_VARIANCE * pw) * w640;
                lm[2 * k + 1] = (pcy + landmarks.get(l + 2 * k + 1) * CENTER_VARIANCE * ph) * h640;
            }
            if (!Outputs.finite(lm)) {
                continue;
            }
            list.add(x1, y1, x2, y2, score, lm);
        }
        int kept = Nms.suppressInPlace(list, Nms.Overlap.IOU_PLUS_ONE, 0f, nmsIouThreshold, preNmsTopK, keepTopK,
                false);
        return list.toCandidates(list.kept(0), kept, false, 1f, 1f);
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
     * The pre-NMS threshold (strict).
     *
     * @return the threshold
     */
    public float preNmsThreshold() {
        return preNmsThreshold;
    }

    /**
     * The report threshold (inclusive), applied after NMS.
     *
     * @return the threshold
     */
    public float scoreThreshold() {
        return scoreThreshold;
    }

    /**
     * The NMS IoU threshold (+1-pixel areas).
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
    public int preNmsTopK() {
        return preNmsTopK;
    }

    /**
     * The number of candidates NMS keeps at most.
     *
     * @return the limit, 0 for none
     */
    public int keepTopK() {
        return keepTopK;
    }

    @Override
    public String toString() {
        return "RetinaFaceDecoder[" + inputWidth + "x" + inputHeight + ", candidates > " + preNmsThreshold
                + ", IoU(+1) " + nmsIouThreshold + ", top " + preNmsTopK + "/" + keepTopK + ", report >= "
                + scoreThreshold + "]";
    }
}
