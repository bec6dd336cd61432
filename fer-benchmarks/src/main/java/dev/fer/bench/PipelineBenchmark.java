package dev.fer.bench;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.Point;
import dev.fer.image.FerImage;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import dev.fer.result.Timings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * End to end: detect every face (YuNet 2023mar, score 0.6, NMS 0.3), align it and classify its emotion
 * (MobileFaceNet int8), on the 640×480 single-face frame and on the 5-face 1280×853 group photo, with 1 and 2
 * calling threads. Reported as throughput (analyses per second, all threads together).
 * <ul>
 *   <li>{@code fer_*}: {@code EmotionPipeline.analyze(FerImage)}, one pipeline shared by all threads (it is
 *       thread-safe), default execution options;</li>
 *   <li>{@code opencv_*}: {@link OpenCvPipeline}, {@code FaceDetectorYN} + MobileFaceNet through
 *       {@code readNetFromONNX}, one instance per thread (OpenCV's detector and nets are not thread-safe);</li>
 *   <li>{@code resultObjects}: builds a copy of the fer-java result from its numbers, to tell with {@code -prof gc}
 *       how many of the bytes allocated per analysis are the result itself.</li>
 * </ul>
 * {@code PipelineParityTest} checks that both pipelines find the same faces and emotions.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {
    /** fer-java's pipeline, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Fer {
        /** {@link Assets#SINGLE} or {@link Assets#GROUP}. */
        @Param({Assets.SINGLE, Assets.GROUP})
        public String image;

        /**
         * ONNX Runtime intra-op threads per model: 0 for fer-java's default (available processors, at most 4); run
         * with {@code -p ortThreads=0,1} to compare.
         */
        @Param({"0"})
        public int ortThreads;

        /**
         * The detector: {@code yunet-2023mar} (fixed 640×640 input); run with {@code -p detector=yunet-dynamic} to
         * see YuNet at the frame's own size padded to a multiple of 32, as {@code FaceDetectorYN} runs it.
         */
        @Param({"yunet-2023mar"})
        public String detector;

        FerImage frame;
        EmotionPipeline pipeline;
        AnalysisResult sample;

        /** Builds the pipeline and analyzes the image once. */
        @Setup(Level.Trial)
        public void setup() {
            frame = Assets.image(image);
            pipeline = newPipeline(detector, ortThreads);
            sample = pipeline.analyze(frame);
        }

        /** Closes the pipeline. */
        @TearDown(Level.Trial)
        public void tearDown() {
            pipeline.close();
        }
    }

    /** The OpenCV pipeline, one per benchmark thread. */
    @State(Scope.Thread)
    public static class OpenCv {
        /** {@link Assets#SINGLE} or {@link Assets#GROUP}. */
        @Param({Assets.SINGLE, Assets.GROUP})
        public String image;

        Mat frame;
        OpenCvPipeline pipeline;

        /** Loads both models into OpenCV and copies the image into a Mat. */
        @Setup(Level.Trial)
        public void setup() {
            frame = Cv.mat(Assets.image(image));
            pipeline = newOpenCvPipeline();
        }

        /** Frees the native objects. */
        @TearDown(Level.Trial)
        public void tearDown() {
            pipeline.close();
            frame.close();
        }
    }

    /**
     * fer-java's pipeline as the benchmark builds it: yunet-2023mar at score 0.6 and fer-mobilefacenet-int8.
     *
     * @return a new pipeline
     */
    public static EmotionPipeline newPipeline() {
        return newPipeline("yunet-2023mar", 0);
    }

    /**
     * fer-java's pipeline with another YuNet or number of ONNX Runtime intra-op threads per model.
     *
     * @param detector {@code yunet-2023mar} or {@code yunet-dynamic}
     * @param ortThreads 0 for the default
     * @return a new pipeline
     */
    public static EmotionPipeline newPipeline(String detector, int ortThreads) {
        return EmotionPipeline.builder().detector(detector).scoreThreshold(Assets.YUNET_SCORE)
                .classifier("fer-mobilefacenet-int8").threads(ortThreads).modelRepository(Assets.repository())
                .build();
    }

    /**
     * The OpenCV pipeline on the same files and thresholds.
     *
     * @return a new pipeline
     */
    public static OpenCvPipeline newOpenCvPipeline() {
        return new OpenCvPipeline(Assets.model("yunet-2023mar"), Assets.model("fer-mobilefacenet-int8"),
                Assets.YUNET_SCORE, 0.3f);
    }

    /**
     * fer-java, one calling thread.
     *
     * @param s state
     * @return the result
     */
    @Benchmark
    @Threads(1)
    public AnalysisResult fer_1thread(Fer s) {
        return s.pipeline.analyze(s.frame);
    }

    /**
     * fer-java, two threads sharing one pipeline.
     *
     * @param s state
     * @return the result
     */
    @Benchmark
    @Threads(2)
    public AnalysisResult fer_2threads(Fer s) {
        return s.pipeline.analyze(s.frame);
    }

    /**
     * OpenCV DNN, one calling thread.
     *
     * @param s state
     * @return the faces
     */
    @Benchmark
    @Threads(1)
    public List<OpenCvPipeline.Face> opencv_1thread(OpenCv s) {
        return s.pipeline.analyze(s.frame);
    }

    /**
     * OpenCV DNN, two threads with a pipeline each.
     *
     * @param s state
     * @return the faces
     */
    @Benchmark
    @Threads(2)
    public List<OpenCvPipeline.Face> opencv_2threads(OpenCv s) {
        return s.pipeline.analyze(s.frame);
    }

    /**
     * Rebuilds the result objects of one analysis (records, lists, maps) from their numbers: the allocation
     * every caller of {@code analyze} must accept.
     *
     * @param s state
     * @return the copy
     */
    @Benchmark
    @Threads(1)
    public AnalysisResult resultObjects(Fer s) {
        return copy(s.sample);
    }

    /**
     * A deep copy of a result, made of new objects only.
     *
     * @param r a result
     * @return an equal result
     */
    static AnalysisResult copy(AnalysisResult r) {
        List<FaceAnalysis> faces = new ArrayList<>(r.faces().size());
        for (FaceAnalysis f : r.faces()) {
            Detection d = f.detection();
            BoundingBox b = d.box();
            Landmarks lm = null;
            if (d.hasLandmarks()) {
                Point[] p = new Point[Landmarks.COUNT];
                for (int i = 0; i < p.length; i++) {
                    Point q = d.landmarks().get().get(i);
                    p[i] = new Point(q.x(), q.y());
                }
                lm = new Landmarks(List.of(p));
            }
            Optional<EmotionScores> e = Optional.empty();
            if (f.emotions().isPresent()) {
                EnumMap<Emotion, Float> m = new EnumMap<>(Emotion.class);
                for (Map.Entry<Emotion, Float> x : f.emotions().get().probabilities().entrySet()) {
                    m.put(x.getKey(), x.getValue().floatValue());
                }
                e = Optional.of(new EmotionScores(m));
            }
            faces.add(new FaceAnalysis(new Detection(new BoundingBox(b.x1(), b.y1(), b.x2(), b.y2()), d.score(), lm),
                    e, f.aligned()));
        }
        Timings t = r.timings();
        return new AnalysisResult(r.width(), r.height(), faces, new Timings(t.decodeNanos(), t.detectNanos(),
                t.classifyNanos(), t.totalNanos()), r.detector(), r.classifier());
    }
}
