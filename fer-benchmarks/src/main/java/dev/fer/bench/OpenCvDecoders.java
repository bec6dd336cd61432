package dev.fer.bench;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Rect2d;
import org.bytedeco.opencv.opencv_core.Rect2dVector;
import org.bytedeco.opencv.opencv_core.RectVector;

/**
 * The decoding a JVM user writes with JavaCV when porting the upstream demos (OpenCV Zoo's {@code FaceDetectorYN}
 * post-processing, UltraFace's {@code predict}, yolov5-face's {@code detect_face.py}, the YOLOv8-face OpenCV DNN
 * demo): loop over the raw outputs, collect the boxes above the score threshold and let
 * {@code cv::dnn::NMSBoxes} suppress overlaps. The decoding peer of {@code DecodeBenchmark}. Each face is
 * {@code {x1, y1, x2, y2, score}} in model-input pixels, by descending score. Stateless and thread-safe.
 */
public final class OpenCvDecoders {
    private static final int[] YUNET_STRIDES = {8, 16, 32};
    private static final float[][] YOLOV5_ANCHORS = {
        {4, 5, 8, 10, 13, 16}, {23, 29, 43, 55, 73, 105}, {146, 217, 231, 300, 335, 433}};

    private OpenCvDecoders() {
    }

    /**
     * YuNet, as {@code FaceDetectorYN::postProcess} (integer {@code Rect} boxes, {@code NMSBoxes} with top-k).
     *
     * @param w input width
     * @param h input height
     * @param cls {@code cls_8, cls_16, cls_32}
     * @param obj {@code obj_*}
     * @param bbox {@code bbox_*}
     * @param score score threshold
     * @param nms NMS IoU threshold
     * @param topK NMS top-k
     * @return the faces
     */
    public static List<float[]> yunet(int w, int h, List<FloatBuffer> cls, List<FloatBuffer> obj,
                                      List<FloatBuffer> bbox, float score, float nms, int topK) {
        List<float[]> boxes = new ArrayList<>();
        for (int level = 0; level < 3; level++) {
            int s = YUNET_STRIDES[level];
            int cols = w / s;
            int rows = h / s;
            FloatBuffer c = cls.get(level);
            FloatBuffer o = obj.get(level);
            FloatBuffer b = bbox.get(level);
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) {
                    int i = r * cols + col;
                    float sc = (float) Math.sqrt(Math.min(Math.max(c.get(i), 0f), 1f)
                            * Math.min(Math.max(o.get(i), 0f), 1f));
                    if (sc < score) {
                        continue;
                    }
                    float cx = (col + b.get(4 * i)) * s;
                    float cy = (r + b.get(4 * i + 1)) * s;
                    float bw = (float) Math.exp(b.get(4 * i + 2)) * s;
                    float bh = (float) Math.exp(b.get(4 * i + 3)) * s;
                    boxes.add(new float[] {cx - bw / 2f, cy - bh / 2f, bw, bh, sc});
                }
            }
        }
        return nmsInt(boxes, score, nms, topK);
    }

    /**
     * UltraFace without post-processing: SSD offsets from the priors, as the upstream {@code box_utils}.
     *
     * @param priors {@code cx, cy, w, h} per prior, normalised
     * @param w input width
     * @param h input height
     * @param scores {@code [1, N, 2]}
     * @param locations {@code [1, N, 4]}
     * @param score score threshold
     * @param nms NMS IoU threshold
     * @return the faces
     */
    public static List<float[]> ultraFaceRaw(float[] priors, int w, int h, FloatBuffer scores,
                                             FloatBuffer locations, float score, float nms) {
        List<float[]> boxes = new ArrayList<>();
        int n = priors.length / 4;
        for (int i = 0; i < n; i++) {
            float sc = scores.get(2 * i + 1);
            if (!(sc > score)) {
                continue;
            }
            int o = 4 * i;
            float cx = locations.get(o) * 0.1f * priors[o + 2] + priors[o];
            float cy = locations.get(o + 1) * 0.1f * priors[o + 3] + priors[o + 1];
            float bw = (float) Math.exp(locations.get(o + 2) * 0.2f) * priors[o + 2];
            float bh = (float) Math.exp(locations.get(o + 3) * 0.2f) * priors[o + 3];
            boxes.add(new float[] {(cx - bw / 2f) * w, (cy - bh / 2f) * h, bw * w, bh * h, sc});
        }
        return nms2d(boxes, score, nms);
    }

    /**
     * yolov5-face raw heads {@code [1, 3, H/s, W/s, 16]}: sigmoid, grid and anchors, score = obj · cls.
     *
     * @param w input width
     * @param h input height
     * @param heads strides 8, 16, 32
     * @param score score threshold
     * @param nms NMS IoU threshold
     * @return the faces
     */
    public static List<float[]> yolov5(int w, int h, List<FloatBuffer> heads, float score, float nms) {
        List<float[]> boxes = new ArrayList<>();
        for (int level = 0; level < 3; level++) {
            int s = YUNET_STRIDES[level];
            int nx = w / s;
            int ny = h / s;
            FloatBuffer head = heads.get(level);
            for (int a = 0; a < 3; a++) {
                float aw = YOLOV5_ANCHORS[level][2 * a];
                float ah = YOLOV5_ANCHORS[level][2 * a + 1];
                for (int gy = 0; gy < ny; gy++) {
                    for (int gx = 0; gx < nx; gx++) {
                        int o = ((a * ny + gy) * nx + gx) * 16;
                        float sc = sigmoid(head.get(o + 4)) * sigmoid(head.get(o + 15));
                        if (!(sc > score)) {
                            continue;
                        }
                        float cx = (sigmoid(head.get(o)) * 2f - 0.5f + gx) * s;
                        float cy = (sigmoid(head.get(o + 1)) * 2f - 0.5f + gy) * s;
                        float tw = sigmoid(head.get(o + 2)) * 2f;
                        float th = sigmoid(head.get(o + 3)) * 2f;
                        float bw = tw * tw * aw;
                        float bh = th * th * ah;
                        boxes.add(new float[] {cx - bw / 2f, cy - bh / 2f, bw, bh, sc});
                    }
                }
            }
        }
        return nms2d(boxes, score, nms);
    }

    /**
     * YOLOv8-face heads {@code [1, 80, H/s, W/s]}: sigmoid score, distribution focal loss box.
     *
     * @param w input width
     * @param h input height
     * @param heads strides 8, 16, 32
     * @param score score threshold
     * @param nms NMS IoU threshold
     * @return the faces
     */
    public static List<float[]> yolov8(int w, int h, List<FloatBuffer> heads, float score, float nms) {
        List<float[]> boxes = new ArrayList<>();
        float[] bins = new float[16];
        for (int level = 0; level < 3; level++) {
            int s = YUNET_STRIDES[level];
            int nx = w / s;
            int ny = h / s;
            int plane = nx * ny;
            FloatBuffer head = heads.get(level);
            for (int gy = 0; gy < ny; gy++) {
                for (int gx = 0; gx < nx; gx++) {
                    int cell = gy * nx + gx;
                    float sc = sigmoid(head.get(64 * plane + cell));
                    if (!(sc > score)) {
                        continue;
                    }
                    float[] d = new float[4];
                    for (int side = 0; side < 4; side++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int k = 0; k < 16; k++) {
                            bins[k] = head.get((side * 16 + k) * plane + cell);
                            max = Math.max(max, bins[k]);
                        }
                        float sum = 0;
                        float acc = 0;
                        for (int k = 0; k < 16; k++) {
                            float e = (float) Math.exp(bins[k] - max);
                            sum += e;
                            acc += e * k;
                        }
                        d[side] = acc / sum;
                    }
                    float x1 = (gx + 0.5f - d[0]) * s;
                    float y1 = (gy + 0.5f - d[1]) * s;
                    float x2 = (gx + 0.5f + d[2]) * s;
                    float y2 = (gy + 0.5f + d[3]) * s;
                    boxes.add(new float[] {x1, y1, x2 - x1, y2 - y1, sc});
                }
            }
        }
        return nms2d(boxes, score, nms);
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    private static List<float[]> nms2d(List<float[]> boxes, float score, float nms) {
        int n = boxes.size();
        float[] scores = new float[n];
        try (Rect2dVector rects = new Rect2dVector(n)) {
            for (int i = 0; i < n; i++) {
                float[] b = boxes.get(i);
                try (Rect2d r = new Rect2d(b[0], b[1], b[2], b[3])) {
                    rects.put(i, r);
                }
                scores[i] = b[4];
            }
            try (IntPointer idx = new IntPointer(1); FloatPointer sp = new FloatPointer(scores)) {
                opencv_dnn.NMSBoxes(rects, sp, score, nms, idx);
                return keep(boxes, idx);
            }
        }
    }

    private static List<float[]> nmsInt(List<float[]> boxes, float score, float nms, int topK) {
        int n = boxes.size();
        float[] scores = new float[n];
        try (RectVector rects = new RectVector(n)) {
            for (int i = 0; i < n; i++) {
                float[] b = boxes.get(i);
                try (Rect r = new Rect((int) b[0], (int) b[1], (int) b[2], (int) b[3])) {
                    rects.put(i, r);
                }
                scores[i] = b[4];
            }
            try (IntPointer idx = new IntPointer(1); FloatPointer sp = new FloatPointer(scores)) {
                opencv_dnn.NMSBoxes(rects, sp, score, nms, idx, 1f, topK);
                return keep(boxes, idx);
            }
        }
    }

    /** NMSBoxes returns a std::vector<int>; JavaCPP points {@code idx} at a copy and sets its limit to the size. */
    private static List<float[]> keep(List<float[]> boxes, IntPointer idx) {
        int[] indices = new int[(int) (idx.limit() - idx.position())];
        idx.get(indices);
        return keep(boxes, indices);
    }

    private static List<float[]> keep(List<float[]> boxes, int[] indices) {
        List<float[]> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            float[] b = boxes.get(i);
            out.add(new float[] {b[0], b[1], b[0] + b[2], b[1] + b[3], b[4]});
        }
        return out;
    }
}
