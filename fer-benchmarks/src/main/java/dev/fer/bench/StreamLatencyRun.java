package dev.fer.bench;

import dev.fer.EmotionPipeline;
import dev.fer.image.FerImage;
import dev.fer.video.FramePolicy;
import dev.fer.video.FrameResult;
import dev.fer.video.FrameSource;
import dev.fer.video.StreamReport;
import dev.fer.video.StreamRun;
import dev.fer.video.StreamRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency of {@link FramePolicy#LATEST_FRAME} against the source rate: a paced synthetic live source (the 640×480
 * group-photo pan, 5 faces) at several frame rates, the default models with one thread each, and the delay from a
 * frame's arrival at the runner to its result ({@link FrameResult#latency()}), as median, 95th percentile and
 * maximum, in milliseconds and in frame intervals. Not a JMH benchmark: it measures a live system.
 *
 * <pre>
 * java -cp fer-benchmarks/target/benchmarks.jar dev.fer.bench.StreamLatencyRun 2 5 10 20 40 80
 * </pre>
 * Arguments: workers, then source rates in frames per second.
 */
public final class StreamLatencyRun {
    private StreamLatencyRun() {
    }

    /**
     * Runs the measurement.
     *
     * @param args workers, then frame rates
     */
    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<Double> rates = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            rates.add(Double.parseDouble(args[i]));
        }
        if (rates.isEmpty()) {
            rates = List.of(5.0, 10.0, 20.0, 40.0, 80.0);
        }
        List<FerImage> pan = StreamFrames.pan(60, 640, 480);
        System.out.println("workers=" + workers);
        System.out.println("fps,frames_read,delivered,dropped,latency_median_ms,p95_ms,max_ms,median_intervals,"
                + "p95_intervals,max_intervals");
        try (EmotionPipeline pipeline = EmotionPipeline.builder().threads(1).modelRepository(Assets.repository())
                .build()) {
            for (int i = 0; i < 10; i++) {
                pipeline.analyze(pan.get(i)); // warm-up
            }
            StreamRunner runner = StreamRunner.builder(pipeline).workers(workers).policy(FramePolicy.LATEST_FRAME)
                    .build();
            for (double fps : rates) {
                int n = (int) Math.max(60, Math.min(400, fps * 8));
                long interval = Math.round(1e9 / fps);
                int[] k = {0};
                long[] next = {System.nanoTime()};
                FrameSource paced = FrameSource.fromSupplier(() -> {
                    if (k[0] >= n) {
                        return null;
                    }
                    long wait = next[0] - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next[0] += interval;
                    return pan.get(k[0]++ % pan.size());
                });
                List<Double> lat = new ArrayList<>();
                StreamReport report;
                try (StreamRun run = runner.start(paced)) {
                    while (run.hasNext()) {
                        lat.add(run.next().latency().toNanos() / 1e6);
                    }
                    report = run.report();
                }
                Collections.sort(lat);
                double med = lat.get(lat.size() / 2);
                double p95 = lat.get((int) Math.min(lat.size() - 1, Math.round(lat.size() * 0.95)));
                double max = lat.get(lat.size() - 1);
                double ms = interval / 1e6;
                System.out.printf(Locale.ROOT, "%.0f,%d,%d,%d,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f%n", fps,
                        report.stats().framesRead(), report.stats().framesDelivered(),
                        report.stats().framesDropped(), med, p95, max, med / ms, p95 / ms, max / ms);
            }
        }
    }
}
