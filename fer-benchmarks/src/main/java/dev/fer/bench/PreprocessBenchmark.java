package dev.fer.bench;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import dev.fer.geometry.AffineMatrix;
import dev.fer.geometry.SimilarityTransform;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.onnx.ClassifierSpec;
import dev.fer.preprocess.Crop;
import dev.fer.preprocess.IntRect;
import dev.fer.preprocess.Layout;
import dev.fer.preprocess.Letterbox;
import dev.fer.preprocess.LetterboxGeometry;
import dev.fer.preprocess.Resize;
import dev.fer.preprocess.TensorWriter;
import dev.fer.preprocess.WarpAffine;
import dev.fer.result.Detection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Image → tensor preprocessing of a 640×480 BGR frame, fer-java ({@code *_fer}) against OpenCV through JavaCV
 * ({@code *_opencv}: {@code resize} / {@code copyMakeBorder} / {@code warpAffine} / {@code cvtColor} followed by
 * {@code dnn.blobFromImage}), both writing the same float tensor into memory reused across calls
 * ({@code PreprocessParityTest} checks that the tensors are equal). Not thread-safe: one state per thread.
 *
 * <ul>
 *   <li>{@code ultraFace320}: stretch to 320×240, RGB, (x − 127) / 128, NCHW;</li>
 *   <li>{@code yolo640}: centred letterbox into 640×640 padded with 114, RGB, x / 255, NCHW (YOLOv5-face);</li>
 *   <li>{@code yunet640}: top-left letterbox into 640×640 padded with 0, BGR, raw values, NCHW (YuNet);</li>
 *   <li>{@code align112}: five-point similarity alignment of the face onto 112×112, RGB, (x / 255 − 0.5) / 0.5
 *       (MobileFaceNet), the matrix fitted in both;</li>
 *   <li>{@code gray64}: square crop around the face box, grey, 64×64, (x / 255 − 0.5) / 0.5 (mini-Xception).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreprocessBenchmark {
    // Inputs.
    FerImage frame;
    byte[] pixels;
    Detection face;

    // fer-java state: writers and buffers reused across calls, as the detectors and classifiers hold them.
    TensorWriter ultraWriter;
    TensorWriter yoloWriter;
    TensorWriter yunetWriter;
    TensorWriter alignWriter;
    TensorWriter grayWriter;
    byte[] canvas640;
    byte[] aligned;
    byte[] gray64;
    FloatBuffer tensor320;
    FloatBuffer tensor640;
    FloatBuffer tensor112;
    FloatBuffer tensor64;

    // OpenCV state: Mats reused across calls (OpenCV reallocates only when the size changes).
    Mat frameMat;
    Mat cvSmall;
    Mat cvPadded;
    Mat cvAligned;
    Mat cvMatrix;
    Mat cvBordered;
    Mat cvGray;
    Mat cvGray64;
    Mat blob320;
    Mat blob640;
    Mat blob112;
    Mat blob64;
    Size size320;
    Size size112;
    Size size64;
    Size noResize;
    Scalar mean127;
    Scalar mean1275;
    Scalar zero;
    Scalar pad114;

    /** Loads the frame, finds its face and allocates every buffer. */
    @Setup(Level.Trial)
    public void setup() {
        frame = Assets.singleFaceFrame();
        pixels = frame.toByteArray();
        face = Assets.faces(frame).get(0);

        ultraWriter = TensorWriter.builder().colorOrder(PixelFormat.RGB).mean(127f).std(128f).build();
        yoloWriter = TensorWriter.builder().colorOrder(PixelFormat.RGB).scale(255f).build();
        yunetWriter = TensorWriter.builder().colorOrder(PixelFormat.BGR).build();
        ClassifierSpec mfn = ClassifierSpec.MOBILEFACENET;
        alignWriter = TensorWriter.builder().colorOrder(PixelFormat.RGB).scale(mfn.scale()).mean(mfn.mean())
                .std(mfn.std()).build();
        ClassifierSpec mx = ClassifierSpec.MINI_XCEPTION;
        grayWriter = TensorWriter.builder().layout(Layout.NHWC).colorOrder(PixelFormat.GRAY).scale(mx.scale())
                .mean(mx.mean()).std(mx.std()).build();
        canvas640 = new byte[640 * 640 * 3];
        aligned = new byte[112 * 112 * 3];
        gray64 = new byte[64 * 64];
        tensor320 = direct(3 * 320 * 240);
        tensor640 = direct(3 * 640 * 640);
        tensor112 = direct(3 * 112 * 112);
        tensor64 = direct(64 * 64);

        frameMat = Cv.mat(frame);
        cvSmall = new Mat();
        cvPadded = new Mat();
        cvAligned = new Mat();
        cvMatrix = new Mat(2, 3, CV_64F);
        cvBordered = new Mat();
        cvGray = new Mat();
        cvGray64 = new Mat();
        blob320 = new Mat();
        blob640 = new Mat();
        blob112 = new Mat();
        blob64 = new Mat();
        size320 = new Size(320, 240);
        size112 = new Size(112, 112);
        size64 = new Size(64, 64);
        noResize = new Size();
        mean127 = new Scalar(127.0, 127.0, 127.0, 0.0);
        mean1275 = new Scalar(127.5, 127.5, 127.5, 0.0);
        zero = new Scalar(0.0, 0.0, 0.0, 0.0);
        pad114 = new Scalar(114.0, 114.0, 114.0, 0.0);
    }

    /** Frees the native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        for (Mat m : new Mat[] {frameMat, cvSmall, cvPadded, cvAligned, cvMatrix, cvBordered, cvGray, cvGray64,
            blob320, blob640, blob112, blob64}) {
            m.close();
        }
        for (Size s : new Size[] {size320, size112, size64, noResize}) {
            s.close();
        }
        for (Scalar s : new Scalar[] {mean127, mean1275, zero, pad114}) {
            s.close();
        }
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    // ---- UltraFace: 640×480 → 320×240, RGB, (x − 127) / 128 ----

    /**
     * fer-java: stretch geometry through the fused letterbox-into-tensor writer (bilinear resize, then the
     * table-driven conversion), as {@code OnnxFaceDetector} runs it.
     *
     * @return the tensor
     */
    @Benchmark
    public FloatBuffer ultraFace320_fer() {
        ultraWriter.writeLetterboxed(pixels, 640, 480, PixelFormat.BGR, LetterboxGeometry.stretch(640, 480, 320, 240),
                0, tensor320, 0);
        return tensor320;
    }

    /**
     * OpenCV: {@code resize(INTER_LINEAR)} then {@code blobFromImage(1/128, mean 127, swapRB)}.
     *
     * @return the blob
     */
    @Benchmark
    public Mat ultraFace320_opencv() {
        opencv_imgproc.resize(frameMat, cvSmall, size320, 0, 0, INTER_LINEAR);
        opencv_dnn.blobFromImage(cvSmall, blob320, 1.0 / 128.0, noResize, mean127, true, false, CV_32F);
        return blob320;
    }

    // ---- YOLOv5-face: centred letterbox 640×640, pad 114, RGB, x / 255 ----

    /**
     * fer-java: letterbox (resize when needed, pad) straight into the tensor with the fused writer, as
     * {@code OnnxFaceDetector} runs it.
     *
     * @return the tensor
     */
    @Benchmark
    public FloatBuffer yolo640_fer() {
        LetterboxGeometry g = LetterboxGeometry.fit(640, 480, 640, 640, LetterboxGeometry.Anchor.CENTER);
        yoloWriter.writeLetterboxed(pixels, 640, 480, PixelFormat.BGR, g, 114, tensor640, 0);
        return tensor640;
    }

    /**
     * fer-java, the two-step path for comparison: letterbox into a reused byte canvas, then the tensor writer.
     *
     * @return the tensor
     */
    @Benchmark
    public FloatBuffer yolo640_ferCanvas() {
        LetterboxGeometry g = LetterboxGeometry.fit(640, 480, 640, 640, LetterboxGeometry.Anchor.CENTER);
        Letterbox.apply(pixels, 640, 480, 3, g, 114, canvas640);
        yoloWriter.write(canvas640, 640, 640, PixelFormat.BGR, tensor640, 0);
        return tensor640;
    }

    /**
     * OpenCV: {@code resize} when the scale is not 1, {@code copyMakeBorder(114)}, {@code blobFromImage(1/255,
     * swapRB)}.
     *
     * @return the blob
     */
    @Benchmark
    public Mat yolo640_opencv() {
        return letterboxOpenCv(true, 114, 1.0 / 255.0, true);
    }

    // ---- YuNet: top-left letterbox 640×640, pad 0, BGR, raw ----

    /**
     * fer-java: top-left letterbox straight into the tensor with the fused writer, as {@code OnnxFaceDetector}
     * runs it.
     *
     * @return the tensor
     */
    @Benchmark
    public FloatBuffer yunet640_fer() {
        LetterboxGeometry g = LetterboxGeometry.fit(640, 480, 640, 640, LetterboxGeometry.Anchor.TOP_LEFT);
        yunetWriter.writeLetterboxed(pixels, 640, 480, PixelFormat.BGR, g, 0, tensor640, 0);
        return tensor640;
    }

    /**
     * OpenCV: {@code copyMakeBorder(0)} to the bottom, {@code blobFromImage(1.0)}.
     *
     * @return the blob
     */
    @Benchmark
    public Mat yunet640_opencv() {
        return letterboxOpenCv(false, 0, 1.0, false);
    }

    private Mat letterboxOpenCv(boolean center, int pad, double scale, boolean swapRB) {
        int w = frameMat.cols();
        int h = frameMat.rows();
        double r = Math.min(640.0 / w, 640.0 / h);
        int nw = (int) Math.floor(w * r + 0.5);
        int nh = (int) Math.floor(h * r + 0.5);
        Mat src = frameMat;
        if (nw != w || nh != h) {
            try (Size s = new Size(nw, nh)) {
                opencv_imgproc.resize(frameMat, cvSmall, s, 0, 0, INTER_LINEAR);
            }
            src = cvSmall;
        }
        int left = center ? (640 - nw) / 2 : 0;
        int top = center ? (640 - nh) / 2 : 0;
        opencv_core.copyMakeBorder(src, cvPadded, top, 640 - nh - top, left, 640 - nw - left, BORDER_CONSTANT,
                pad == 0 ? zero : pad114);
        opencv_dnn.blobFromImage(cvPadded, blob640, scale, noResize, zero, swapRB, false, CV_32F);
        return blob640;
    }

    // ---- MobileFaceNet: five-point alignment onto 112×112, RGB, (x / 255 − 0.5) / 0.5 ----

    /**
     * fer-java: similarity fit, bilinear warp into a reused crop, tensor writer.
     *
     * @return the tensor
     */
    @Benchmark
    public FloatBuffer align112_fer() {
        AffineMatrix m = SimilarityTransform.alignmentMatrix(face.landmarks().orElseThrow());
        WarpAffine.warp(pixels, 640, 480, 3, m, aligned, 112, 112);
        alignWriter.write(aligned, 112, 112, PixelFormat.BGR, tensor112, 0);
        return tensor112;
    }

    /**
     * OpenCV: the same similarity fit, {@code warpAffine(INTER_LINEAR, BORDER_CONSTANT)}, {@code blobFromImage(
     * 1/127.5, mean 127.5, swapRB)}.
     *
     * @return the blob
     */
    @Benchmark
    public Mat align112_opencv() {
        Cv.put(cvMatrix, SimilarityTransform.alignmentMatrix(face.landmarks().orElseThrow()));
        opencv_imgproc.warpAffine(frameMat, cvAligned, cvMatrix, size112, INTER_LINEAR, BORDER_CONSTANT, zero);
        opencv_dnn.blobFromImage(cvAligned, blob112, 1.0 / 127.5, noResize, mean1275, true, false, CV_32F);
        return blob112;
    }

    // ---- mini-Xception: square crop, grey, 64×64, (x / 255 − 0.5) / 0.5 ----

    /**
     * fer-java: grey conversion of the square region in one pass, resize, tensor writer.
     *
     * @return the tensor
     */
    @Benchmark
    public FloatBuffer gray64_fer() {
        IntRect rect = Crop.squareAround(face.box());
        Resize.grayBilinear(pixels, 640, 480, PixelFormat.BGR, rect, gray64, 64, 64);
        grayWriter.write(gray64, 64, 64, PixelFormat.GRAY, tensor64, 0);
        return tensor64;
    }

    /**
     * OpenCV: ROI of the square (black border where it leaves the image), {@code cvtColor(BGR2GRAY)},
     * {@code resize}, {@code blobFromImage(1/127.5, mean 127.5)}.
     *
     * @return the blob
     */
    @Benchmark
    public Mat gray64_opencv() {
        IntRect r = Crop.squareAround(face.box());
        int x0 = Math.max(r.x(), 0);
        int y0 = Math.max(r.y(), 0);
        int x1 = Math.min(r.x() + r.width(), frameMat.cols());
        int y1 = Math.min(r.y() + r.height(), frameMat.rows());
        try (Rect inside = new Rect(x0, y0, x1 - x0, y1 - y0); Mat roi = new Mat(frameMat, inside)) {
            Mat square = roi;
            if (x1 - x0 != r.width() || y1 - y0 != r.height()) {
                opencv_core.copyMakeBorder(roi, cvBordered, y0 - r.y(), r.y() + r.height() - y1, x0 - r.x(),
                        r.x() + r.width() - x1, BORDER_CONSTANT, zero);
                square = cvBordered;
            }
            opencv_imgproc.cvtColor(square, cvGray, COLOR_BGR2GRAY);
        }
        opencv_imgproc.resize(cvGray, cvGray64, size64, 0, 0, INTER_LINEAR);
        opencv_dnn.blobFromImage(cvGray64, blob64, 1.0 / 127.5, noResize, mean1275, false, false, CV_32F);
        return blob64;
    }
}
