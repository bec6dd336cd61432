package dev.fer.bench;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import dev.fer.EmotionPipeline;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.SimilarityTransform;
import dev.fer.onnx.DetectorOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * The OpenCV twin of fer-java's <em>default</em> pipeline, written the way a JVM user would with JavaCV: the frame is
 * scaled exactly as fer-java scales it for its frame-sized YuNet ({@code min(1, 640 / longer side, 10 /
 * minFaceSize)}, so a 640×480 frame runs at 320×240), {@code cv::FaceDetectorYN} runs YuNet at that size (it pads
 * to a multiple of 32 like yunet-dynamic), faces smaller than {@code minFaceSize} are dropped, and each face is
 * classified through {@code cv::dnn::readNetFromONNX}: mini-Xception from the grey 64×64 square crop around the box
 * (zero outside the image; {@code cvtColor}, {@code resize}, {@code convertTo}), or MobileFaceNet from the aligned
 * 112×112 crop ({@code warpAffine}, {@code blobFromImage}, softmax).
 *
 * <p>Not thread-safe (neither {@code FaceDetectorYN} nor {@code Net} is): share one instance under a lock, or use one
 * per thread.
 */
public final class OpenCvDefaultPipeline implements AutoCloseable {
    private final FaceDetectorYN detector;
    private final Net classifier;
    private final boolean miniXception;
    private final float minFaceSize;
    private final Mat small = new Mat();
    private final Mat faces = new Mat();
    private final Mat square = new Mat();
    private final Mat gray = new Mat();
    private final Mat gray64 = new Mat(64, 64, CV_8UC1);
    private final Mat grayBlob = new Mat(new int[] {1, 64, 64, 1}, CV_32F);
    private final Mat grayBlobView = new Mat(64, 64, CV_32F, grayBlob.data());
    private final Mat aligned = new Mat();
    private final Mat blob = new Mat();
    private final Mat matrix = new Mat(2, 3, CV_64F);
    private final Size size64 = new Size(64, 64);
    private final Size size112 = new Size(112, 112);
    private final Size noResize = new Size();
    private final Scalar mean = new Scalar(127.5, 127.5, 127.5, 0.0);
    private final Scalar zero = new Scalar(0.0, 0.0, 0.0, 0.0);
    private int inputWidth;
    private int inputHeight;

    /**
     * Loads both models.
     *
     * @param yunet the YuNet file (yunet-2023mar: FaceDetectorYN sets the input size itself; OpenCV cannot import
     *     the dynamic export)
     * @param classifier the mini-Xception or MobileFaceNet file
     * @param miniXception {@code true} for mini-Xception, {@code false} for MobileFaceNet
     * @param score YuNet score threshold
     * @param nms YuNet NMS threshold
     * @param minFaceSize smallest face, original pixels, as in the fer-java pipeline
     */
    public OpenCvDefaultPipeline(Path yunet, Path classifier, boolean miniXception, float score, float nms,
                                 float minFaceSize) {
        try (Size s = new Size(320, 320)) {
            detector = FaceDetectorYN.create(yunet.toString(), "", s, score, nms, 5000,
                    opencv_dnn.DNN_BACKEND_OPENCV, opencv_dnn.DNN_TARGET_CPU);
        }
        inputWidth = 320;
        inputHeight = 320;
        this.classifier = opencv_dnn.readNetFromONNX(classifier.toString());
        this.miniXception = miniXception;
        this.minFaceSize = minFaceSize;
    }

    /**
     * The twin of {@code EmotionPipeline.createDefault()} (or of the MobileFaceNet pipeline) on the shared files.
     *
     * @param classifierId {@code fer-mini-xception} or {@code fer-mobilefacenet-int8}
     * @return a new pipeline
     */
    public static OpenCvDefaultPipeline of(String classifierId) {
        // OpenCV DNN cannot import yunet_s_dynamic.onnx (dynamic Shape nodes); FaceDetectorYN runs the fixed
        // 2023mar file (same weights) at any input size instead.
        return new OpenCvDefaultPipeline(Assets.model("yunet-2023mar"), Assets.model(classifierId),
                classifierId.equals("fer-mini-xception"), EmotionPipeline.DEFAULT_SCORE_THRESHOLD, 0.3f,
                EmotionPipeline.DEFAULT_MIN_FACE_SIZE);
    }

    /**
     * Detects and classifies every face.
     *
     * @param bgr the image, 8-bit BGR
     * @return the faces in detector order (descending score); probabilities in the model's own class order
     */
    public List<OpenCvPipeline.Face> analyze(Mat bgr) {
        int w = bgr.cols();
        int h = bgr.rows();
        double r = 1.0;
        if (Math.max(w, h) > 640) {
            r = 640.0 / Math.max(w, h);
        }
        r = Math.min(r, DetectorOptions.SMALLEST_MODEL_FACE / minFaceSize);
        Mat input = bgr;
        int nw = w;
        int nh = h;
        if (r < 1.0) {
            nw = Math.max(1, Math.min(w, (int) Math.floor(w * r + 0.5)));
            nh = Math.max(1, Math.min(h, (int) Math.floor(h * r + 0.5)));
            try (Size s = new Size(nw, nh)) {
                opencv_imgproc.resize(bgr, small, s, 0, 0, INTER_LINEAR);
            }
            input = small;
        }
        if (nw != inputWidth || nh != inputHeight) {
            inputWidth = nw;
            inputHeight = nh;
            try (Size s = new Size(nw, nh)) {
                detector.setInputSize(s);
            }
        }
        detector.detect(input, faces);
        int n = faces.rows();
        List<OpenCvPipeline.Face> out = new ArrayList<>(n);
        if (n == 0) {
            return out;
        }
        FloatBuffer rows = Cv.floats(faces);
        float sx = (float) (1.0 / (float) r);
        float sy = sx;
        for (int i = 0; i < n; i++) {
            int o = 15 * i;
            float x = rows.get(o) * sx;
            float y = rows.get(o + 1) * sy;
            float bw = rows.get(o + 2) * sx;
            float bh = rows.get(o + 3) * sy;
            if (Math.min(Math.min(x + bw, w) - Math.max(x, 0), Math.min(y + bh, h) - Math.max(y, 0)) < minFaceSize) {
                continue;
            }
            float[] lm = new float[10];
            for (int k = 0; k < 10; k += 2) {
                lm[k] = rows.get(o + 4 + k) * sx;
                lm[k + 1] = rows.get(o + 5 + k) * sy;
            }
            float[] p = miniXception ? miniXception(bgr, x, y, bw, bh) : mobileFaceNet(bgr, lm);
            out.add(new OpenCvPipeline.Face(x, y, x + bw, y + bh, rows.get(o + 14), lm, p));
        }
        return out;
    }

    private float[] miniXception(Mat bgr, float x, float y, float bw, float bh) {
        float side = Math.max(bw, bh);
        int s = (int) Math.floor(side + 0.5f);
        int left = (int) Math.floor(x + bw / 2f - side / 2f + 0.5f);
        int top = (int) Math.floor(y + bh / 2f - side / 2f + 0.5f);
        square.create(s, s, CV_8UC3);
        square.put(zero);
        int x1 = Math.max(0, left);
        int y1 = Math.max(0, top);
        int x2 = Math.min(bgr.cols(), left + s);
        int y2 = Math.min(bgr.rows(), top + s);
        if (x2 > x1 && y2 > y1) {
            try (Rect src = new Rect(x1, y1, x2 - x1, y2 - y1); Rect dst = new Rect(x1 - left, y1 - top, x2 - x1,
                    y2 - y1); Mat from = bgr.apply(src); Mat to = square.apply(dst)) {
                from.copyTo(to);
            }
        }
        opencv_imgproc.cvtColor(square, gray, COLOR_BGR2GRAY);
        opencv_imgproc.resize(gray, gray64, size64, 0, 0, INTER_LINEAR);
        gray64.convertTo(grayBlobView, CV_32F, 1.0 / 127.5, -1.0);
        classifier.setInput(grayBlob);
        float[] p = new float[7];
        try (Mat y7 = classifier.forward()) {
            Cv.floats(y7).get(p);
        }
        return p;
    }

    private float[] mobileFaceNet(Mat bgr, float[] lm) {
        Cv.put(matrix, SimilarityTransform.alignmentMatrix(Landmarks.of(lm)));
        opencv_imgproc.warpAffine(bgr, aligned, matrix, size112, INTER_LINEAR, BORDER_CONSTANT, zero);
        opencv_dnn.blobFromImage(aligned, blob, 1.0 / 127.5, noResize, mean, true, false, CV_32F);
        classifier.setInput(blob);
        float[] p = new float[7];
        try (Mat logits = classifier.forward()) {
            Cv.floats(logits).get(p);
        }
        OpenCvPipeline.softmax(p);
        return p;
    }

    @Override
    public void close() {
        detector.close();
        classifier.close();
        for (Mat m : new Mat[] {small, faces, square, gray, gray64, grayBlobView, grayBlob, aligned, blob, matrix}) {
            m.close();
        }
        size64.close();
        size112.close();
        noResize.close();
        mean.close();
        zero.close();
    }
}
