package dev.fer.bench;

import dev.fer.EmotionPipeline;
import dev.fer.image.FerImage;
import dev.fer.result.AnalysisResult;
import dev.fer.track.FaceTracker;
import dev.fer.track.FrameSignature;
import dev.fer.video.FrameSource;
import dev.fer.video.StreamRunner;
import java.time.Duration;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The stream runner against a plain sequential loop over the <b>same decoded frames</b> (30 frames of 640×480, 5
 * faces each; see {@link StreamFrames}), with the default pipeline (YuNet 2023mar at 0.6 + fer-mini-xception). One
 * operation = all 30 frames, so frames per second = 30 000 / (ms per op).
 * <ul>
 *   <li>{@code sequential}: {@code for (frame : frames) pipeline.analyze(frame)};</li>
 *   <li>{@code runner1}, {@code runner2}: {@code StreamRunner} with 1 and 2 workers sharing the pipeline, results
 *       in order, tracking and smoothing included;</li>
 *   <li>{@code trackAndSmooth}: only what the runner adds per frame on top of analysis: the frame signature (scene
 *       cuts), tracker association and EMA smoothing of the 5 faces, on results computed beforehand.</li>
 * </ul>
 * {@code modelThreads} is ONNX Runtime's intra-op threads per model: 0 is the default pipeline (the runtime's
 * choice), 1 what the CLI uses with several workers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class StreamRunnerBenchmark {
    /** Frames per operation. */
    public static final int FRAMES = 30;

    /** ONNX Runtime intra-op threads per model; 0: the runtime's default. */
    @Param({"0", "1"})
    public int modelThreads;

    List<FerImage> frames;
    List<AnalysisResult> analysed;
    EmotionPipeline pipeline;
    StreamRunner runner1;
    StreamRunner runner2;

    /** Renders the frames, builds the pipeline and analyses each frame once. */
    @Setup(Level.Trial)
    public void setup() {
        frames = StreamFrames.pan(FRAMES, 640, 480);
        pipeline = EmotionPipeline.builder().threads(modelThreads).modelRepository(Assets.repository()).build();
        analysed = new ArrayList<>();
        for (FerImage f : frames) {
            analysed.add(pipeline.analyze(f));
        }
        runner1 = StreamRunner.builder(pipeline).workers(1).build();
        runner2 = StreamRunner.builder(pipeline).workers(2).build();
    }

    /** Closes the pipeline. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
    }

    /**
     * The plain loop.
     *
     * @param bh sink
     */
    @Benchmark
    public void sequential(Blackhole bh) {
        for (FerImage f : frames) {
            bh.consume(pipeline.analyze(f));
        }
    }

    /**
     * The runner with one worker.
     *
     * @param bh sink
     * @return the report
     */
    @Benchmark
    public Object runner1(Blackhole bh) {
        return runner1.run(FrameSource.ofImages(frames.iterator(), 20), bh::consume);
    }

    /**
     * The runner with two workers.
     *
     * @param bh sink
     * @return the report
     */
    @Benchmark
    public Object runner2(Blackhole bh) {
        return runner2.run(FrameSource.ofImages(frames.iterator(), 20), bh::consume);
    }

    /**
     * Frame signature, tracking and smoothing of all frames, without analysis.
     *
     * @param bh sink
     */
    @Benchmark
    public void trackAndSmooth(Blackhole bh) {
        FaceTracker tracker = FaceTracker.withDefaults();
        for (int i = 0; i < FRAMES; i++) {
            FerImage f = frames.get(i);
            bh.consume(tracker.update(i, Duration.ofMillis(50L * i), FrameSignature.of(f), analysed.get(i).faces()));
        }
    }
}
