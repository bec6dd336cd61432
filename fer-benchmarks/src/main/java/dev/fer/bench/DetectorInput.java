package dev.fer.bench;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.preprocess.Layout;
import dev.fer.preprocess.Letterbox;
import dev.fer.preprocess.LetterboxGeometry;
import dev.fer.preprocess.TensorWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The input contract of each catalog detector (MODELS.md), written out here so that the raw ONNX Runtime and OpenCV
 * DNN baselines get exactly the tensor the detector itself builds. {@code DetectorInputTest} checks that decoding
 * raw ORT outputs for this tensor gives the detector's own faces. Immutable and thread-safe.
 *
 * @param id catalog id
 * @param width model input width
 * @param height model input height
 * @param placement how the image goes into the input
 * @param pad letterbox pad value
 * @param writer colour order and normalisation
 */
public record DetectorInput(String id, int width, int height, Placement placement, int pad, TensorWriter writer) {
    /** How the image is placed into the input. */
    public enum Placement {
        /** Resized to the whole input (UltraFace). */
        STRETCH,
        /** Aspect kept, top-left (YuNet, RetinaFace). */
        TOP_LEFT,
        /** Aspect kept, centred (YOLO). */
        CENTER
    }

    /**
     * The contract of a catalog detector.
     *
     * @param id a detector id
     * @return its input contract
     */
    public static DetectorInput of(String id) {
        return switch (id) {
            case "ultraface-rfb-320", "ultraface-rfb-320-raw", "ultraface-slim-320" -> new DetectorInput(id, 320, 240,
                    Placement.STRETCH, 0, writer(PixelFormat.RGB, 1f, new float[] {127f}, new float[] {128f}));
            case "retinaface-mnet025" -> new DetectorInput(id, 640, 640, Placement.TOP_LEFT, 0,
                    writer(PixelFormat.BGR, 1f, new float[] {104f, 117f, 123f}, new float[] {1f}));
            case "yunet-2023mar" -> new DetectorInput(id, 640, 640, Placement.TOP_LEFT, 0,
                    writer(PixelFormat.BGR, 1f, new float[] {0f}, new float[] {1f}));
            case "yolov5n-0.5-face" -> new DetectorInput(id, 640, 640, Placement.CENTER, 114,
                    writer(PixelFormat.RGB, 255f, new float[] {0f}, new float[] {1f}));
            case "yolov8-lite-t-face" -> new DetectorInput(id, 640, 640, Placement.CENTER, 0,
                    writer(PixelFormat.RGB, 255f, new float[] {0f}, new float[] {1f}));
            default -> throw new IllegalArgumentException("No input contract for detector '" + id + "'.");
        };
    }

    private static TensorWriter writer(PixelFormat order, float scale, float[] mean, float[] std) {
        return TensorWriter.builder().layout(Layout.NCHW).colorOrder(order).scale(scale).mean(mean).std(std).build();
    }

    /**
     * Where an image of this size goes in the input.
     *
     * @param w image width
     * @param h image height
     * @return the geometry
     */
    public LetterboxGeometry geometry(int w, int h) {
        return switch (placement) {
            case STRETCH -> LetterboxGeometry.stretch(w, h, width, height);
            case TOP_LEFT -> LetterboxGeometry.fit(w, h, width, height, LetterboxGeometry.Anchor.TOP_LEFT);
            case CENTER -> LetterboxGeometry.fit(w, h, width, height, LetterboxGeometry.Anchor.CENTER);
        };
    }

    /**
     * Floats in one input tensor.
     *
     * @return {@code 3 · width · height}
     */
    public int floats() {
        return 3 * width * height;
    }

    /**
     * NCHW shape of the input.
     *
     * @return {@code [1, 3, height, width]}
     */
    public long[] shape() {
        return new long[] {1, 3, height, width};
    }

    /**
     * A new direct native-order buffer for one input tensor.
     *
     * @return the buffer
     */
    public FloatBuffer newTensor() {
        return ByteBuffer.allocateDirect(floats() * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Letterboxes (or stretches) and normalises an image into a tensor, as the detector does.
     *
     * @param image the image
     * @param tensor destination of {@link #floats()} floats
     * @return the geometry used
     */
    public LetterboxGeometry prepare(FerImage image, FloatBuffer tensor) {
        LetterboxGeometry g = geometry(image.width(), image.height());
        byte[] canvas = new byte[width * height * image.channels()];
        Letterbox.apply(image.toByteArray(), image.width(), image.height(), image.channels(), g, pad, canvas);
        writer.write(canvas, width, height, image.format(), tensor, 0);
        return g;
    }
}
