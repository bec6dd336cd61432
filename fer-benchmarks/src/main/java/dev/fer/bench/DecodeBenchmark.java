package dev.fer.bench;

import dev.fer.detect.FaceCandidate;
import dev.fer.detect.SsdPriors;
import dev.fer.detect.UltraFaceDecoder;
import dev.fer.detect.Yolov5FaceDecoder;
import dev.fer.detect.Yolov8FaceDecoder;
import dev.fer.detect.YuNetDecoder;
import dev.fer.image.FerImage;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding plus NMS on real model outputs: each detector is run once at setup on the 5-face group photo
 * ({@code multi/pexels_group_meeting.jpeg}, prepared as the detector prepares it) and its outputs are copied into
 * direct buffers, which every iteration decodes. {@code decode_fer} is fer-detect's decoder (the one the detectors
 * call), {@code decode_opencv} the JavaCV port of the upstream demo ({@link OpenCvDecoders}: plain loops and
 * {@code cv::dnn::NMSBoxes}). Thresholds: UltraFace 0.7 / 0.3, YuNet 0.6 / 0.3 (as in the pipeline), YOLOv5-face
 * 0.6 / 0.5, YOLOv8-face 0.45 / 0.5. {@code DecodeParityTest} checks that both find the same faces.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {
    /** The detector whose outputs are decoded. */
    @Param({"ultraface-rfb-320-raw", "yunet-2023mar", "yolov5n-0.5-face", "yolov8-lite-t-face"})
    public String model;

    Supplier<List<FaceCandidate>> fer;
    Supplier<List<float[]>> opencv;

    /** Runs the model once and builds both decoders over its recorded outputs. */
    @Setup(Level.Trial)
    public void setup() {
        FerImage image = Assets.image(Assets.GROUP);
        DetectorInput in = DetectorInput.of(model);
        FloatBuffer tensor = in.newTensor();
        in.prepare(image, tensor);
        Map<String, FloatBuffer> out;
        try (RawOrt ort = new RawOrt(Assets.model(model), tensor, in.shape())) {
            out = ort.runAndCopy();
        }
        int w = in.width();
        int h = in.height();
        fer = FerDecoders.bind(model, w, h, out);
        switch (model) {
            case "ultraface-rfb-320-raw" -> {
                float[] priors = SsdPriors.ultraFace(w, h).toArray();
                FloatBuffer scores = out.get("scores");
                FloatBuffer boxes = out.get("boxes");
                opencv = () -> OpenCvDecoders.ultraFaceRaw(priors, w, h, scores, boxes,
                        UltraFaceDecoder.DEFAULT_SCORE_THRESHOLD, UltraFaceDecoder.DEFAULT_NMS_IOU_THRESHOLD);
            }
            case "yunet-2023mar" -> {
                List<FloatBuffer> cls = FerDecoders.named(out, "cls");
                List<FloatBuffer> obj = FerDecoders.named(out, "obj");
                List<FloatBuffer> bbox = FerDecoders.named(out, "bbox");
                opencv = () -> OpenCvDecoders.yunet(w, h, cls, obj, bbox, Assets.YUNET_SCORE,
                        YuNetDecoder.DEFAULT_NMS_IOU_THRESHOLD, YuNetDecoder.DEFAULT_TOP_K);
            }
            case "yolov5n-0.5-face" -> {
                List<FloatBuffer> heads = FerDecoders.bySizeDescending(out);
                opencv = () -> OpenCvDecoders.yolov5(w, h, heads, Yolov5FaceDecoder.DEFAULT_SCORE_THRESHOLD,
                        Yolov5FaceDecoder.DEFAULT_NMS_IOU_THRESHOLD);
            }
            case "yolov8-lite-t-face" -> {
                List<FloatBuffer> heads = FerDecoders.bySizeDescending(out);
                opencv = () -> OpenCvDecoders.yolov8(w, h, heads, Yolov8FaceDecoder.DEFAULT_SCORE_THRESHOLD,
                        Yolov8FaceDecoder.DEFAULT_NMS_IOU_THRESHOLD);
            }
            default -> throw new IllegalArgumentException("No decoder benchmark for " + model);
        }
    }

    /**
     * fer-detect's decoder with its NMS.
     *
     * @return the faces
     */
    @Benchmark
    public List<FaceCandidate> decode_fer() {
        return fer.get();
    }

    /**
     * The JavaCV port: loops and {@code cv::dnn::NMSBoxes}.
     *
     * @return the faces
     */
    @Benchmark
    public List<float[]> decode_opencv() {
        return opencv.get();
    }
}
