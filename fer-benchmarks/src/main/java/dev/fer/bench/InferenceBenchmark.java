package dev.fer.bench;

import dev.fer.geometry.SimilarityTransform;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.onnx.ClassifierSpec;
import dev.fer.onnx.DetectorOptions;
import dev.fer.onnx.ExecutionOptions;
import dev.fer.onnx.OnnxEmotionClassifier;
import dev.fer.onnx.OnnxFaceDetector;
import dev.fer.preprocess.Crop;
import dev.fer.preprocess.Grayscale;
import dev.fer.preprocess.IntRect;
import dev.fer.preprocess.Layout;
import dev.fer.preprocess.Resize;
import dev.fer.preprocess.TensorWriter;
import dev.fer.preprocess.WarpAffine;
import dev.fer.result.Detection;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One model on the 640×480 single-face frame, three ways:
 * <ul>
 *   <li>{@code fer}: the fer-java call a user makes, {@code OnnxFaceDetector.detect(frame)} (letterbox,
 *       normalise, run, decode, NMS, map back) or {@code OnnxEmotionClassifier.classifyAll(frame, [face])} (align or
 *       crop, normalise, run, softmax);</li>
 *   <li>{@code ortRaw}: {@code OrtSession.run} alone on the tensor fer-java prepares, wrapped once, with the same
 *       session options (the floor: the time fer-java cannot remove);</li>
 *   <li>{@code opencvDnn}: {@code cv::dnn::Net.forward} of {@code readNetFromONNX} on the same file and the same
 *       tensor (OpenCV's default backend and thread count).</li>
 * </ul>
 * {@code InferenceParityTest} checks that ORT and OpenCV DNN give the same outputs, and that {@code fer} gives what
 * the raw outputs decode to. Not thread-safe: one state per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InferenceBenchmark {
    /** Catalog id of the model. */
    @Param({"yunet-2023mar", "ultraface-rfb-320", "retinaface-mnet025", "yolov5n-0.5-face", "yolov8-lite-t-face",
        "fer-mobilefacenet-int8", "fer-mini-xception"})
    public String model;

    FerImage frame;
    List<Detection> faces;
    OnnxFaceDetector detector;
    OnnxEmotionClassifier classifier;
    FloatBuffer tensor;
    long[] shape;
    RawOrt ort;
    Net net;
    Mat blob;
    StringVector outputNames;
    MatVector outputs;

    /** Loads the model three times (fer-java, raw ORT, OpenCV DNN) and prepares the tensor. */
    @Setup(Level.Trial)
    public void setup() {
        frame = Assets.singleFaceFrame();
        faces = List.of(Assets.faces(frame).get(0));
        Path file = Assets.model(model);
        if (model.startsWith("fer-")) {
            classifier = OnnxEmotionClassifier.create(model, ExecutionOptions.defaults(), Assets.repository());
            ClassifierSpec spec = classifier.spec();
            tensor = prepareFace(spec, frame, faces.get(0));
            shape = spec.layout() == Layout.NCHW
                    ? new long[] {1, spec.channels(), spec.height(), spec.width()}
                    : new long[] {1, spec.height(), spec.width(), spec.channels()};
        } else {
            detector = OnnxFaceDetector.create(model, DetectorOptions.builder().repository(Assets.repository())
                    .scoreThreshold(FerDecoders.scoreThreshold(model)).build());
            DetectorInput in = DetectorInput.of(model);
            tensor = in.newTensor();
            in.prepare(frame, tensor);
            shape = in.shape();
        }
        ort = new RawOrt(file, tensor, shape);
        net = opencv_dnn.readNetFromONNX(file.toString());
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) shape[i];
        }
        blob = Cv.blob(tensor, dims);
        outputNames = net.getUnconnectedOutLayersNames();
        outputs = new MatVector();
    }

    /**
     * The tensor the classifier builds for one face: aligned 112×112 RGB for MobileFaceNet, square grey 64×64 for
     * mini-Xception.
     *
     * @param spec the classifier's spec
     * @param image the frame
     * @param face the face
     * @return a direct buffer holding one sample
     */
    static FloatBuffer prepareFace(ClassifierSpec spec, FerImage image, Detection face) {
        byte[] px = image.toByteArray();
        int w = image.width();
        int h = image.height();
        int ow = spec.width();
        int oh = spec.height();
        TensorWriter writer = TensorWriter.builder().layout(spec.layout())
                .colorOrder(PixelFormat.valueOf(spec.color().name())).scale(spec.scale()).mean(spec.mean())
                .std(spec.std()).build();
        FloatBuffer t = PreprocessBenchmark.direct(ow * oh * spec.channels());
        if (spec.cropPolicy() == ClassifierSpec.CropPolicy.ALIGNED_5_POINT) {
            byte[] aligned = new byte[ow * oh * 3];
            WarpAffine.warp(px, w, h, 3, SimilarityTransform.alignmentMatrix(face.landmarks().orElseThrow()), aligned, ow, oh);
            writer.write(aligned, ow, oh, image.format(), t, 0);
        } else {
            IntRect r = Crop.squareAround(face.box());
            byte[] gray = new byte[r.width() * r.height()];
            Grayscale.region(px, w, h, image.format(), r, 0, gray);
            byte[] small = new byte[ow * oh];
            Resize.bilinear(gray, r.width(), r.height(), 1, small, ow, oh);
            writer.write(small, ow, oh, PixelFormat.GRAY, t, 0);
        }
        return t;
    }

    /** Closes the three copies of the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (detector != null) {
            detector.close();
        }
        if (classifier != null) {
            classifier.close();
        }
        ort.close();
        outputs.close();
        outputNames.close();
        blob.close();
        net.close();
    }

    /**
     * The fer-java call: whole detector or classifier.
     *
     * @return faces or scores
     */
    @Benchmark
    public Object fer() {
        return detector != null ? detector.detect(frame) : classifier.classifyAll(frame, faces);
    }

    /**
     * {@code OrtSession.run} alone on the prepared tensor.
     *
     * @return the output count
     */
    @Benchmark
    public int ortRaw() {
        return ort.run();
    }

    /**
     * OpenCV DNN {@code setInput} + {@code forward} on the same tensor.
     *
     * @return the outputs
     */
    @Benchmark
    public MatVector opencvDnn() {
        net.setInput(blob);
        net.forward(outputs, outputNames);
        return outputs;
    }
}
