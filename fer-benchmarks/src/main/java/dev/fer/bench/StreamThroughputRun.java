package dev.fer.bench;

import dev.fer.EmotionPipeline;
import dev.fer.image.FerImage;
import dev.fer.video.FrameSource;
import dev.fer.video.StreamRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Interleaved throughput of the stream runner against the sequential loop, for a machine whose load changes from
 * second to second (where separate JMH iterations of each benchmark land in different load): each round runs the
 * sequential loop and the runner back to back over the same 30 decoded frames (see {@link StreamFrames}) and
 * records the ratio of their times; the median ratio over the rounds is the result.
 *
 * <pre>
 * java -cp fer-benchmarks/target/benchmarks.jar dev.fer.bench.StreamThroughputRun 15 2
 * </pre>
 * Arguments: rounds (default 15), workers (2). Runs with one ONNX Runtime thread per model and with the default.
 */
public final class StreamThroughputRun {
    private StreamThroughputRun() {
    }

    /**
     * Runs the measurement.
     *
     * @param args rounds, workers
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<FerImage> frames = StreamFrames.pan(StreamRunnerBenchmark.FRAMES, 640, 480);
        for (int modelThreads : new int[] {0, 1}) {
            try (EmotionPipeline seqPipeline = EmotionPipeline.builder().threads(modelThreads)
                    .modelRepository(Assets.repository()).build();
                    EmotionPipeline runPipeline = EmotionPipeline.builder().threads(1)
                            .modelRepository(Assets.repository()).build()) {
                StreamRunner runner = StreamRunner.builder(runPipeline).workers(workers).build();
                for (int i = 0; i < 2; i++) { // warm-up
                    frames.forEach(seqPipeline::analyze);
                    runner.run(FrameSource.ofImages(frames.iterator(), 20), r -> { });
                }
                List<Double> ratios = new ArrayList<>();
                double seqSum = 0;
                double runSum = 0;
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    frames.forEach(seqPipeline::analyze);
                    long t1 = System.nanoTime();
                    runner.run(FrameSource.ofImages(frames.iterator(), 20), x -> { });
                    long t2 = System.nanoTime();
                    ratios.add((t1 - t0) / (double) (t2 - t1));
                    seqSum += t1 - t0;
                    runSum += t2 - t1;
                }
                Collections.sort(ratios);
                System.out.printf(Locale.ROOT, "sequential loop (model threads %s) vs runner (%d workers, 1 thread per "
                        + "model): %.1f vs %.1f frames/s (means), speed-up median %.2fx (min %.2f, max %.2f, %d "
                        + "rounds)%n", modelThreads == 0 ? "default" : "1", workers,
                        rounds * frames.size() / (seqSum / 1e9), rounds * frames.size() / (runSum / 1e9),
                        ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1), rounds);
            }
        }
    }
}
