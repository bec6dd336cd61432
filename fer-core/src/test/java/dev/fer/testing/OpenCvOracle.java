package dev.fer.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Test-only bridge to OpenCV (JavaCV) used as the bit-exactness oracle. Every method takes and returns plain
 * interleaved byte arrays so tests compare Java and OpenCV outputs directly.
 */
public final class OpenCvOracle {
    static {
        opencv_core.setNumThreads(1);
    }

    private OpenCvOracle() {
    }

    /** An 8-bit image as OpenCV sees it. */
    public record Image(byte[] pixels, int width, int height, int channels) {
    }

    /** The OpenCV version string, for messages. */
    public static String version() {
        return opencv_core.CV_VERSION();
    }

    /**
     * Decodes a file exactly like the reference: {@code imread(path, flags)}.
     *
     * @param file image file
     * @param flags {@code opencv_imgcodecs.IMREAD_COLOR} or {@code IMREAD_GRAYSCALE}
     * @return the decoded pixels (BGR for colour)
     */
    public static Image imread(Path file, int flags) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("Missing image " + file);
        }
        try (Mat m = opencv_imgcodecs.imread(file.toString(), flags)) {
            if (m.empty()) {
                throw new AssertionError("OpenCV could not decode " + file);
            }
            return toImage(m);
        }
    }

    /** cv::resize(INTER_LINEAR). */
    public static byte[] resize(byte[] src, int w, int h, int cn, int dw, int dh) {
        try (Mat s = toMat(src, w, h, cn); Mat d = new Mat(); Size size = new Size(dw, dh)) {
            opencv_imgproc.resize(s, d, size, 0, 0, opencv_imgproc.INTER_LINEAR);
            return toImage(d).pixels();
        }
    }

    /** cv::resize(INTER_LINEAR) of a ROI of the source. */
    public static byte[] resizeRegion(byte[] src, int w, int h, int cn, int rx, int ry, int rw, int rh, int dw,
                                      int dh) {
        try (Mat s = toMat(src, w, h, cn); Rect r = new Rect(rx, ry, rw, rh); Mat roi = new Mat(s, r);
             Mat d = new Mat(); Size size = new Size(dw, dh)) {
            opencv_imgproc.resize(roi, d, size, 0, 0, opencv_imgproc.INTER_LINEAR);
            return toImage(d).pixels();
        }
    }

    /** cv::warpAffine(INTER_LINEAR, BORDER_CONSTANT, 0) with a src → dst matrix. */
    public static byte[] warpAffine(byte[] src, int w, int h, int cn, double[] m, int dw, int dh) {
        try (Mat s = toMat(src, w, h, cn); Mat mat = new Mat(2, 3, CV_64F); Mat d = new Mat();
             Size size = new Size(dw, dh); Scalar zero = new Scalar(0.0)) {
            new DoublePointer(mat.data()).put(m);
            opencv_imgproc.warpAffine(s, d, mat, size, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_CONSTANT,
                    zero);
            return toImage(d).pixels();
        }
    }

    /** cv::cvtColor with the given code (e.g. COLOR_BGR2GRAY). */
    public static byte[] cvtColor(byte[] src, int w, int h, int cn, int code) {
        try (Mat s = toMat(src, w, h, cn); Mat d = new Mat()) {
            opencv_imgproc.cvtColor(s, d, code);
            return toImage(d).pixels();
        }
    }

    /** cv::copyMakeBorder(BORDER_CONSTANT, value). */
    public static byte[] copyMakeBorder(byte[] src, int w, int h, int cn, int top, int bottom, int left, int right,
                                        int value) {
        try (Mat s = toMat(src, w, h, cn); Mat d = new Mat(); Scalar v = new Scalar(value, value, value, value)) {
            opencv_core.copyMakeBorder(s, d, top, bottom, left, right, opencv_core.BORDER_CONSTANT, v);
            return toImage(d).pixels();
        }
    }

    private static Mat toMat(byte[] pixels, int w, int h, int cn) {
        if (pixels.length != w * h * cn) {
            throw new IllegalArgumentException("bad oracle input");
        }
        Mat m = new Mat(h, w, CV_8UC(cn));
        new BytePointer(m.data()).put(pixels, 0, pixels.length);
        return m;
    }

    private static Image toImage(Mat m) {
        Mat c = m.isContinuous() ? m : m.clone();
        int n = c.rows() * c.cols() * c.channels();
        byte[] out = new byte[n];
        c.data().get(out, 0, n);
        Image img = new Image(out, c.cols(), c.rows(), c.channels());
        if (c != m) {
            c.close();
        }
        return img;
    }
}
