package dev.fer.bench;

import dev.fer.EmotionPipeline;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.onnx.ClassifierSpec;
import dev.fer.onnx.OnnxEmotionClassifier;
import dev.fer.preprocess.Layout;
import dev.fer.preprocess.LetterboxGeometry;
import dev.fer.preprocess.TensorWriter;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import java.nio.FloatBuffer;
import java.util.List;
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

/**
 * The headline comparison: fer-java's default pipeline ({@code EmotionPipeline} with every default: YuNet at an
 * input sized to the frame, minimum face 20 px, mini-Xception) against its OpenCV twin ({@link OpenCvDefaultPipeline}:
 * {@code FaceDetectorYN} at the same input size + mini-Xception through {@code readNetFromONNX}), on the shared
 * single-face 640×480 frame. Throughput (analyses per second, all threads together). Both sides share one instance
 * across the JMH threads: fer-java's pipeline is thread-safe; OpenCV's detector and net are not, so the twin is
 * shared under a lock (OpenCV DNN then parallelises inside each call with its own threads).
 *
 * <pre>
 * java -jar fer-benchmarks/target/benchmarks.jar DefaultPipelineBenchmark -t 2 -f 1 -rf json
 * # MobileFaceNet and the group photo
 * java -jar fer-benchmarks/target/benchmarks.jar DefaultPipelineBenchmark -t 2 -f 1 \
 *     -p classifier=fer-mini-xception,fer-mobilefacenet-int8 -p image=single,group
 * # allocation: fer's own (fer minus ortPinned minus resultObjects) and ONNX Runtime's per run (ortPinned)
 * java -jar fer-benchmarks/target/benchmarks.jar DefaultPipelineBenchmark -t 1 -f 1 -prof gc
 * </pre>
 *
 * <ul>
 *   <li>{@code fer}: {@code pipeline.analyze(frame)};</li>
 *   <li>{@code opencv}: the OpenCV twin, same faces and emotions ({@code DefaultPipelineParityTest});</li>
 *   <li>{@code ortOnly}: the bare ONNX Runtime runs the fer call makes on the single frame (YuNet on the 320×256
 *       input, the classifier on one face), straight {@code OrtSession.run} on prepared tensors: the floor of the
 *       fer call and ONNX Runtime's own per-run allocation;</li>
 *   <li>{@code ortPinned}: the same runs with pinned outputs, as fer-java makes them: ONNX Runtime's own per-run
 *       allocation on fer-java's path;</li>
 *   <li>{@code resultObjects}: a copy of one result, the allocation every caller of {@code analyze} accepts.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class DefaultPipelineBenchmark {
    /** {@link Assets#SINGLE} (the headline) or {@link Assets#GROUP}. */
    @Param({Assets.SINGLE})
    public String image;

    /** The classifier: {@code fer-mini-xception} (the default) or {@code fer-mobilefacenet-int8}. */
    @Param({EmotionPipeline.DEFAULT_CLASSIFIER})
    public String classifier;

    /**
     * ONNX Runtime intra-op threads per model: 0 (the default) lets each session adapt (lone calls on the session
     * measured faster for their input shape, one thread per call once calls overlap); a positive count is fixed
     * ({@code EmotionPipeline.Builder.threads}), and the bare ONNX Runtime peers ({@code ortOnly}, {@code ortPinned})
     * use the same count (0: the default count). Compare with {@code -p ortThreads=0,1,2 -t 4}; measure the time
     * outside {@code session.run} with a fixed count, {@code -p ortThreads=1,2 -t 1}, so both sides run the same
     * sessions.
     */
    @Param({"0"})
    public int ortThreads;

    /**
     * The detector of the fer-java pipeline: the default (frame-sized {@code yunet-dynamic}); run with
     * {@code -p detector=yunet-2023mar,yunet-dynamic} to compare with the fixed 640×640 input of before.
     */
    @Param({EmotionPipeline.DEFAULT_DETECTOR})
    public String detector;

    FerImage frame;
    Mat mat;
    EmotionPipeline pipeline;
    OpenCvDefaultPipeline opencv;
    AnalysisResult sample;
    RawOrt ortDetector;
    RawOrt ortClassifier;

    /** Builds both pipelines and the bare ONNX Runtime sessions. */
    @Setup(Level.Trial)
    public void setup() {
        frame = Assets.image(image);
        mat = Cv.mat(frame);
        pipeline = EmotionPipeline.builder().detector(detector).classifier(classifier).threads(ortThreads)
                .modelRepository(Assets.repository()).build();
        opencv = OpenCvDefaultPipeline.of(classifier);
        sample = pipeline.analyze(frame);
        // The detector input fer-java builds for this frame (scale min(1, 640/longer, 10/20)), padded to 32.
        double r = Math.min(Math.min(1.0, 640.0 / Math.max(frame.width(), frame.height())),
                10.0 / EmotionPipeline.DEFAULT_MIN_FACE_SIZE);
        int nw = (int) Math.floor(frame.width() * r + 0.5);
        int nh = (int) Math.floor(frame.height() * r + 0.5);
        int tw = (nw + 31) / 32 * 32;
        int th = (nh + 31) / 32 * 32;
        FloatBuffer in = PreprocessBenchmark.direct(3 * tw * th);
        TensorWriter.builder().layout(Layout.NCHW).colorOrder(PixelFormat.BGR).scale(1f).mean(0f, 0f, 0f)
                .std(1f, 1f, 1f).build().writeLetterboxed(frame, new LetterboxGeometry(frame.width(),
                        frame.height(), tw, th, nw, nh, 0, 0, (float) r, (float) r), 0, in, 0);
        ortDetector = new RawOrt(Assets.model(EmotionPipeline.DEFAULT_DETECTOR), in, new long[] {1, 3, th, tw},
                ortThreads);
        Detection face = sample.faces().get(0).detection();
        ClassifierSpec spec;
        try (OnnxEmotionClassifier c = OnnxEmotionClassifier.create(classifier,
                dev.fer.onnx.ExecutionOptions.defaults(), Assets.repository())) {
            spec = c.spec();
        }
        FloatBuffer t = InferenceBenchmark.prepareFace(spec, frame, face);
        long[] shape = spec.layout() == Layout.NCHW
                ? new long[] {1, spec.channels(), spec.height(), spec.width()}
                : new long[] {1, spec.height(), spec.width(), spec.channels()};
        ortClassifier = new RawOrt(Assets.model(classifier), t, shape, ortThreads);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
        opencv.close();
        mat.close();
        ortDetector.close();
        ortClassifier.close();
    }

    /**
     * fer-java's default pipeline, one instance shared by every thread.
     *
     * @return the result
     */
    @Benchmark
    public AnalysisResult fer() {
        return pipeline.analyze(frame);
    }

    /**
     * The OpenCV twin, one instance shared by every thread under a lock.
     *
     * @return the faces
     */
    @Benchmark
    public List<OpenCvPipeline.Face> opencv() {
        synchronized (opencv) {
            return opencv.analyze(mat);
        }
    }

    /**
     * The bare ONNX Runtime runs of one single-face analysis (detector + one face), one session per model shared by
     * every thread.
     *
     * @return output counts
     */
    @Benchmark
    public int ortOnly() {
        return ortDetector.run() + ortClassifier.run() * sample.faces().size();
    }

    /**
     * {@link #ortOnly} with every output pinned in preallocated buffers, as fer-java runs them: ONNX Runtime's own
     * per-run allocation on fer-java's path (run single-threaded: the pinned outputs are shared).
     *
     * @return output counts
     */
    @Benchmark
    public int ortPinned() {
        synchronized (ortDetector) {
            return ortDetector.runPinned() + ortClassifier.runPinned() * sample.faces().size();
        }
    }

    /**
     * A copy of one result's objects.
     *
     * @return the copy
     */
    @Benchmark
    public AnalysisResult resultObjects() {
        return PipelineBenchmark.copy(sample);
    }
}
