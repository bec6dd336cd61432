package dev.fer.image;

import dev.fer.internal.ImageAccess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/** Test helpers: encode images with javax.imageio, decode with OpenCV (the oracle), hash pixels. */
final class TestImages {
    private TestImages() {
    }

    /** Encodes with the named javax.imageio writer ("png", "bmp", "gif"). */
    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No " + format + " writer for type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Encodes a JPEG at the given quality, optionally progressive. */
    static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** OpenCV {@code imread(path, IMREAD_COLOR)} as a BGR FerImage, or null when OpenCV cannot read it. */
    static FerImage opencvRead(Path file) {
        try (Mat m = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_COLOR)) {
            if (m.empty()) {
                return null;
            }
            byte[] bgr = new byte[(int) (m.total() * m.channels())];
            m.data().get(bgr);
            return ImageAccess.wrap(bgr, m.cols(), m.rows(), PixelFormat.BGR);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Largest absolute difference between two images of the same geometry. */
    static int maxAbsDiff(FerImage a, FerImage b) {
        byte[] x = ImageAccess.pixelsOf(a);
        byte[] y = ImageAccess.pixelsOf(b);
        int max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((x[i] & 0xFF) - (y[i] & 0xFF)));
        }
        return max;
    }

    /** Mean absolute difference per sample between two images of the same geometry. */
    static double meanAbsDiff(FerImage a, FerImage b) {
        byte[] x = ImageAccess.pixelsOf(a);
        byte[] y = ImageAccess.pixelsOf(b);
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        }
        return sum / (double) x.length;
    }

    /** Largest difference between the per-channel means of two images of the same geometry. */
    static double meanShift(FerImage a, FerImage b) {
        double[] x = SharedImageParityTest.meanBgr(a);
        double[] y = SharedImageParityTest.meanBgr(b);
        double max = 0;
        for (int c = 0; c < x.length; c++) {
            max = Math.max(max, Math.abs(x[c] - y[c]));
        }
        return max;
    }

    /** BGR values of one pixel. */
    static int[] bgr(FerImage image, int x, int y) {
        return new int[] {image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2)};
    }
}
