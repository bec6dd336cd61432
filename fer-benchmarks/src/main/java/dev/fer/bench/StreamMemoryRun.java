package dev.fer.bench;

import dev.fer.EmotionPipeline;
import dev.fer.image.FerImage;
import dev.fer.video.FrameResult;
import dev.fer.video.FrameSource;
import dev.fer.video.StreamReport;
import dev.fer.video.StreamRun;
import dev.fer.video.StreamRunner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Memory over a long stream: runs N synthetic frames (a 100-frame pan over the group photo played back and forth,
 * 5 faces that stay tracked the whole run) through the stream runner with the real default models, and prints heap
 * after GC and the process RSS every {@code step} frames. Not a JMH benchmark: it measures flatness, not speed.
 *
 * <pre>
 * java -Xmx512m -cp fer-benchmarks/target/benchmarks.jar dev.fer.bench.StreamMemoryRun 100000 2 10 320 240
 * </pre>
 * Arguments: frames (default 100000), workers (2), detect every k (10), frame width (320), height (240).
 */
public final class StreamMemoryRun {
    private StreamMemoryRun() {
    }

    /**
     * Runs the measurement.
     *
     * @param args frames, workers, detect-every, width, height
     */
    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int w = args.length > 3 ? Integer.parseInt(args[3]) : 320;
        int h = args.length > 4 ? Integer.parseInt(args[4]) : 240;
        List<FerImage> pan = StreamFrames.pan(100, w, h);
        long step = Math.max(1, n / 20);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long[] i = {0};
        FrameSource source = FrameSource.ofImages(new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return i[0] < n;
            }

            @Override
            public FerImage next() {
                long k = i[0]++ % 198; // 0..99..1: back and forth, no cut
                return pan.get((int) (k < 100 ? k : 198 - k));
            }
        }, 25);
        System.out.printf(Locale.ROOT, "frames=%d workers=%d detectEvery=%d size=%dx%d maxHeap=%d MiB%n", n, workers,
                every, w, h, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("frame,seconds,heap_after_gc_mib,rss_mib,faces_in_frame,tracks_so_far");
        long t0 = System.nanoTime();
        try (EmotionPipeline pipeline = EmotionPipeline.builder().threads(1).modelRepository(Assets.repository())
                .build();
                StreamRun run = StreamRunner.builder(pipeline).workers(workers).detectEvery(every).build()
                        .start(source)) {
            long seen = 0;
            while (run.hasNext()) {
                FrameResult r = run.next();
                seen++;
                if (seen == 1 || seen % step == 0) {
                    System.gc();
                    long heap = mem.getHeapMemoryUsage().getUsed();
                    System.out.printf(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%d,%d%n", r.index(),
                            (System.nanoTime() - t0) / 1e9, heap / 1048576.0, rssMib(), r.faces().size(),
                            run.report().tracks().size());
                }
            }
            StreamReport report = run.report();
            System.out.printf(Locale.ROOT, "done: %s in %.0f s%n", report.stats(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
