package dev.fer.video.javacv;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Converts between JavaCV's {@link Frame} / OpenCV's {@link Mat} and fer-java's {@link FerImage}.
 *
 * <p>Every conversion <b>copies</b> the pixels. This matters: {@code FFmpegFrameGrabber} and
 * {@code OpenCVFrameGrabber} return the same {@code Frame} object, over the same native buffer, from every
 * {@code grab()}, so an image that kept pointing at that buffer would change under your feet with the next frame.
 * Row padding ({@code imageStride}, {@code Mat.step()}) is honoured, so ROIs and aligned buffers convert correctly.
 *
 * <p>Stateless and thread-safe; the frame or mat passed in must not be modified during a call.
 */
public final class FrameAdapters {
    private FrameAdapters() {
    }

    /**
     * Copies a video frame into an image. Frames from JavaCV grabbers are BGR (3 channels) by default; 1-channel
     * frames become {@link PixelFormat#GRAY} and 4-channel (BGRA) frames drop their alpha.
     *
     * @param frame an 8-bit image frame
     * @return a BGR image, or GRAY for 1-channel frames
     * @throws IllegalArgumentException when the frame has no image (audio) or is not 8-bit with 1, 3 or 4 channels
     */
    public static FerImage toFerImage(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.image == null || frame.image.length == 0 || frame.image[0] == null) {
            throw new IllegalArgumentException("The frame has no image (an audio frame?); use grabImage() to read "
                    + "video frames only.");
        }
        if (frame.imageDepth != Frame.DEPTH_UBYTE && frame.imageDepth != Frame.DEPTH_BYTE) {
            throw new IllegalArgumentException("Only 8-bit frames can be converted, this one has depth "
                    + frame.imageDepth + ".");
        }
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int c = frame.imageChannels;
        ByteBuffer buf = ((ByteBuffer) frame.image[0]).duplicate();
        return copy(w, h, c, frame.imageStride, (offset, dst, dstOffset, length) -> {
            buf.position(offset);
            buf.get(dst, dstOffset, length);
        });
    }

    /**
     * Copies an OpenCV matrix into an image. The matrix may be a ROI (non-continuous rows).
     *
     * @param mat an 8-bit matrix with 1, 3 (BGR) or 4 (BGRA) channels
     * @return a BGR image, or GRAY for 1-channel matrices
     * @throws IllegalArgumentException when the matrix is empty, not 8-bit or has another channel count
     */
    public static FerImage toFerImage(Mat mat) {
        Objects.requireNonNull(mat, "mat");
        if (mat.empty()) {
            throw new IllegalArgumentException("The matrix is empty.");
        }
        if (mat.depth() != opencv_core.CV_8U && mat.depth() != opencv_core.CV_8S) {
            throw new IllegalArgumentException("Only 8-bit matrices can be converted, this one has depth "
                    + mat.depth() + ".");
        }
        if (mat.dims() != 2) {
            throw new IllegalArgumentException("Only 2-D matrices can be converted, this one has " + mat.dims()
                    + " dimensions.");
        }
        BytePointer data = mat.data();
        long step = mat.step();
        return copy(mat.cols(), mat.rows(), mat.channels(), Math.toIntExact(step),
                (offset, dst, dstOffset, length) -> data.position(offset).get(dst, dstOffset, length));
    }

    /**
     * Copies an image into a new frame, for example to hand it to {@code FFmpegFrameRecorder.record} or
     * {@code CanvasFrame.showImage}.
     *
     * @param image the image; RGB images are converted to BGR
     * @return a new 8-bit frame: 3 channels BGR, or 1 channel for GRAY images
     */
    public static Frame toFrame(FerImage image) {
        Objects.requireNonNull(image, "image");
        FerImage src = image.format() == PixelFormat.RGB ? image.convert(PixelFormat.BGR) : image;
        int w = src.width();
        int h = src.height();
        int c = src.channels();
        Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, c);
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        byte[] pixels = src.toByteArray();
        int row = w * c;
        for (int y = 0; y < h; y++) {
            buf.position(y * frame.imageStride);
            buf.put(pixels, y * row, row);
        }
        buf.rewind();
        return frame;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(int offset, byte[] dst, int dstOffset, int length);
    }

    private static FerImage copy(int w, int h, int channels, int stride, RowReader rows) {
        PixelFormat format = switch (channels) {
            case 1 -> PixelFormat.GRAY;
            case 3, 4 -> PixelFormat.BGR;
            default -> throw new IllegalArgumentException("Only 1-, 3- or 4-channel images can be converted, this one "
                    + "has " + channels + " channels.");
        };
        int srcRow = w * channels;
        if (stride < srcRow) {
            throw new IllegalArgumentException("Row stride " + stride + " is shorter than a row of " + srcRow
                    + " bytes.");
        }
        byte[] out = new byte[w * h * format.channels()];
        if (channels != 4) {
            for (int y = 0; y < h; y++) {
                rows.read(y * stride, out, y * srcRow, srcRow);
            }
        } else {
            byte[] row = new byte[srcRow];
            int o = 0;
            for (int y = 0; y < h; y++) {
                rows.read(y * stride, row, 0, srcRow);
                for (int x = 0; x < w; x++) {
                    out[o++] = row[4 * x];
                    out[o++] = row[4 * x + 1];
                    out[o++] = row[4 * x + 2];
                }
            }
        }
        // FerImage.of copies once more; the price of an immutable image without exposing internals.
        return FerImage.of(out, w, h, format);
    }
}
