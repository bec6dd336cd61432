package dev.fer.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;

import dev.fer.geometry.AffineMatrix;
import dev.fer.image.FerImage;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Small bridges between fer-java types and OpenCV {@link Mat}s for the OpenCV peers. Stateless. */
public final class Cv {
    private Cv() {
    }

    /**
     * Copies an image into a new continuous 8-bit Mat with the same channel order (BGR stays BGR).
     *
     * @param image the image
     * @return the Mat; the caller closes it
     */
    public static Mat mat(FerImage image) {
        Mat m = new Mat(image.height(), image.width(), CV_8UC(image.channels()));
        byte[] px = image.toByteArray();
        new BytePointer(m.data()).put(px, 0, px.length);
        return m;
    }

    /**
     * Copies a float tensor into a new continuous {@code CV_32F} blob of the given shape (an N-dimensional Mat, as
     * {@code blobFromImage} makes).
     *
     * @param data the floats, position 0 to limit
     * @param shape the dimensions
     * @return the blob; the caller closes it
     */
    public static Mat blob(FloatBuffer data, int... shape) {
        Mat m = new Mat(shape, CV_32F);
        FloatBuffer dst = floats(m);
        dst.put(data.duplicate().rewind());
        return m;
    }

    /**
     * A view of a continuous {@code CV_32F} Mat's elements.
     *
     * @param m the Mat
     * @return a buffer over its memory (valid while the Mat lives and is not reallocated)
     */
    public static FloatBuffer floats(Mat m) {
        if (!m.isContinuous() || m.depth() != CV_32F) {
            throw new IllegalArgumentException("Expected a continuous CV_32F Mat, got type " + m.type());
        }
        long n = m.total() * m.channels();
        return new FloatPointer(m.data()).capacity(n).asBuffer();
    }

    /**
     * All elements of a continuous {@code CV_32F} Mat.
     *
     * @param m the Mat
     * @return a copy
     */
    public static float[] toArray(Mat m) {
        FloatBuffer b = floats(m);
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    /**
     * The bytes of a continuous 8-bit Mat.
     *
     * @param m the Mat
     * @return a copy
     */
    public static byte[] bytes(Mat m) {
        Mat c = m.isContinuous() ? m : m.clone();
        byte[] out = new byte[(int) (c.total() * c.channels())];
        c.data().get(out, 0, out.length);
        if (c != m) {
            c.close();
        }
        return out;
    }

    /**
     * The 2×3 {@code CV_64F} matrix of an affine transform, for {@code warpAffine}.
     *
     * @param a the transform
     * @return a new Mat; the caller closes it
     */
    public static Mat matrix(AffineMatrix a) {
        Mat m = new Mat(2, 3, CV_64F);
        put(m, a);
        return m;
    }

    /**
     * Overwrites a 2×3 {@code CV_64F} Mat with an affine transform.
     *
     * @param m the Mat
     * @param a the transform
     */
    public static void put(Mat m, AffineMatrix a) {
        new DoublePointer(m.data()).put(a.m00(), a.m01(), a.m02(), a.m10(), a.m11(), a.m12());
    }
}
