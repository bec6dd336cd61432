package dev.fer.bench;

import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.onnx.EmbeddingExtractor;
import dev.fer.onnx.ExecutionOptions;
import dev.fer.onnx.OnnxEmotionClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Embedding throughput per backbone on {@value #FACES} face crops (the five reference crops, repeated), three ways
 * in the same run:
 * <ul>
 *   <li>{@code batched}: {@code EmbeddingExtractor.embedCroppedAll(crops)}, one call and one model run for all
 *       faces (MobileFaceNet's file is fixed at batch 1; the extractor makes the dimension symbolic in memory);</li>
 *   <li>{@code oneByOne}: {@code embedCropped(crop)} per face, batch 1 (as MobileFaceNet ran before);</li>
 *   <li>{@code classifierPeer}: {@code OnnxEmotionClassifier.classifyCropped(crop)} per face, the cost of the
 *       shipped classifier on the same crops (same preprocessing, full graph).</li>
 * </ul>
 * Scores are milliseconds per {@value #FACES} faces. Not thread-safe: one state per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EmbeddingBenchmark {
    /** Faces per operation. */
    public static final int FACES = 16;
    private static final String[] NAMES = {"pexels_angry", "pexels_happy-baby", "pexels_neutral", "pexels_sad-baby",
        "pexels_surprised"};

    /** The backbone. */
    @Param({"fer-mobilefacenet-int8", "fer-mini-xception"})
    public String backbone;

    List<FerImage> crops;
    EmbeddingExtractor extractor;
    OnnxEmotionClassifier classifier;

    /** Loads the crops, the extractor and the classifier of the same model. */
    @Setup(Level.Trial)
    public void setup() {
        crops = new ArrayList<>();
        for (int i = 0; i < FACES; i++) {
            crops.add(Images.read(Assets.sharedDir().resolve("reference/crops")
                    .resolve(NAMES[i % NAMES.length] + "_mobilefacenet_aligned_112.png")));
        }
        ExecutionOptions exec = ExecutionOptions.defaults();
        extractor = EmbeddingExtractor.create(List.of(backbone), exec, Assets.repository());
        classifier = OnnxEmotionClassifier.create(backbone, exec, Assets.repository());
    }

    /** Closes the models. */
    @TearDown(Level.Trial)
    public void tearDown() {
        extractor.close();
        classifier.close();
    }

    /**
     * All faces in one call.
     *
     * @return the embeddings
     */
    @Benchmark
    public List<float[]> batched() {
        return extractor.embedCroppedAll(crops, false);
    }

    /**
     * One call per face.
     *
     * @return the last embedding
     */
    @Benchmark
    public float[] oneByOne() {
        float[] last = null;
        for (FerImage c : crops) {
            last = extractor.embedCropped(c, false);
        }
        return last;
    }

    /**
     * The shipped classifier on the same faces, one call per face.
     *
     * @return the last dominant probability
     */
    @Benchmark
    public float classifierPeer() {
        float last = 0;
        for (FerImage c : crops) {
            last = classifier.classifyCropped(c).dominantProbability();
        }
        return last;
    }
}
