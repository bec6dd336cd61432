package dev.fer.bench;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import dev.fer.geometry.Landmarks;
import dev.fer.geometry.SimilarityTransform;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * The pipeline a JVM user writes with JavaCV instead of fer-java, on the same two model files: OpenCV's
 * {@code cv::FaceDetectorYN} (YuNet, opencv_objdetect) finds the faces, each face is aligned with
 * {@code warpAffine} using the same five-point similarity matrix as fer-java, {@code blobFromImage} normalises it and
 * MobileFaceNet runs through {@code cv::dnn::readNetFromONNX}; logits go through a softmax. Images whose longer
 * side exceeds 640 are first resized to 640 (as fer-java's 640×640 letterbox does); smaller ones are detected at
 * their own size ({@code FaceDetectorYN} pads to a multiple of 32, so a 640×480 frame runs YuNet on 640×480 while
 * fer-java's fixed 640×640 model sees 640×640).
 *
 * <p>Not thread-safe (neither {@code FaceDetectorYN} nor {@code Net} is): one instance per thread.
 */
public final class OpenCvPipeline implements AutoCloseable {
    /** Longest side YuNet is run at. */
    public static final int MAX_SIDE = 640;

    /**
     * One face: box corners and landmarks in original-image pixels, detector score, MobileFaceNet probabilities
     * (angry, disgust, fear, happy, neutral, sad, surprise).
     *
     * @param x1 left
     * @param y1 top
     * @param x2 right
     * @param y2 bottom
     * @param score detector score
     * @param landmarks ten coordinates
     * @param probabilities seven probabilities
     */
    public record Face(float x1, float y1, float x2, float y2, float score, float[] landmarks,
                       float[] probabilities) {
    }

    private final FaceDetectorYN detector;
    private final Net classifier;
    private final Mat small = new Mat();
    private final Mat faces = new Mat();
    private final Mat aligned = new Mat();
    private final Mat blob = new Mat();
    private final Mat matrix = new Mat(2, 3, CV_64F);
    private final Size size112 = new Size(112, 112);
    private final Size noResize = new Size();
    private final Scalar mean = new Scalar(127.5, 127.5, 127.5, 0.0);
    private final Scalar zero = new Scalar(0.0, 0.0, 0.0, 0.0);
    private int inputWidth;
    private int inputHeight;

    /**
     * Loads both models.
     *
     * @param yunet the YuNet file
     * @param mobileFaceNet the MobileFaceNet file
     * @param score YuNet score threshold
     * @param nms YuNet NMS threshold
     */
    public OpenCvPipeline(Path yunet, Path mobileFaceNet, float score, float nms) {
        try (Size s = new Size(MAX_SIDE, MAX_SIDE)) {
            detector = FaceDetectorYN.create(yunet.toString(), "", s, score, nms, 5000,
                    opencv_dnn.DNN_BACKEND_OPENCV, opencv_dnn.DNN_TARGET_CPU);
        }
        inputWidth = MAX_SIDE;
        inputHeight = MAX_SIDE;
        classifier = opencv_dnn.readNetFromONNX(mobileFaceNet.toString());
    }

    /**
     * Detects, aligns and classifies every face.
     *
     * @param bgr the image, 8-bit BGR
     * @return the faces in detector order (descending score)
     */
    public List<Face> analyze(Mat bgr) {
        int w = bgr.cols();
        int h = bgr.rows();
        double r = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        Mat input = bgr;
        if (r < 1.0) {
            try (Size s = new Size((int) Math.floor(w * r + 0.5), (int) Math.floor(h * r + 0.5))) {
                opencv_imgproc.resize(bgr, small, s, 0, 0, INTER_LINEAR);
            }
            input = small;
        }
        if (input.cols() != inputWidth || input.rows() != inputHeight) {
            inputWidth = input.cols();
            inputHeight = input.rows();
            try (Size s = new Size(inputWidth, inputHeight)) {
                detector.setInputSize(s);
            }
        }
        detector.detect(input, faces);
        int n = faces.rows();
        List<Face> out = new ArrayList<>(n);
        if (n == 0) {
            return out;
        }
        FloatBuffer rows = Cv.floats(faces);
        float inv = (float) (1.0 / r);
        for (int i = 0; i < n; i++) {
            int o = 15 * i;
            float x = rows.get(o) * inv;
            float y = rows.get(o + 1) * inv;
            float bw = rows.get(o + 2) * inv;
            float bh = rows.get(o + 3) * inv;
            float[] lm = new float[10];
            for (int k = 0; k < 10; k++) {
                lm[k] = rows.get(o + 4 + k) * inv;
            }
            float score = rows.get(o + 14);
            Cv.put(matrix, SimilarityTransform.alignmentMatrix(Landmarks.of(lm)));
            opencv_imgproc.warpAffine(bgr, aligned, matrix, size112, INTER_LINEAR, BORDER_CONSTANT, zero);
            opencv_dnn.blobFromImage(aligned, blob, 1.0 / 127.5, noResize, mean, true, false, CV_32F);
            classifier.setInput(blob);
            float[] p = new float[7];
            try (Mat logits = classifier.forward()) {
                Cv.floats(logits).get(p);
            }
            softmax(p);
            out.add(new Face(x, y, x + bw, y + bh, score, lm, p));
        }
        return out;
    }

    /** In-place softmax of logits, as both OpenCV twins apply it. */
    static void softmax(float[] v) {
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / sum);
        }
    }

    @Override
    public void close() {
        detector.close();
        classifier.close();
        for (Mat m : new Mat[] {small, faces, aligned, blob, matrix}) {
            m.close();
        }
        size112.close();
        noResize.close();
        mean.close();
        zero.close();
    }
}
