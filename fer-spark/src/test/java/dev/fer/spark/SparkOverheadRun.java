package dev.fer.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Where a Spark job's time goes against {@code batch}: runs the AnalyzeImages transform over a folder N times in
 * one {@code local[2]} session (the first run in a cold JVM, the later ones warm) and prints, per run, the job time,
 * when the first task started, how long the tasks ran and their CPU, then the CPU of the JVM's threads by name
 * (Linux: JIT compiler threads, the driver's main thread, the task threads). A measurement program for
 * BENCHMARKS.md, not a test:
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * java -cp "fer-spark/target/test-classes:fer-spark/target/fer-spark.jar:fer-spark/target/lib/*" \
 *      dev.fer.spark.SparkOverheadRun DIR 3
 * </pre>
 *
 * <p>Started without Spark's {@code --add-opens} flags it starts itself again with them, as AnalyzeImages does.
 */
public final class SparkOverheadRun {
    private SparkOverheadRun() {
    }

    /**
     * Runs the measurement.
     *
     * @param args the image folder, the number of runs (default 3) and {@code spark.sql.files.maxPartitionBytes}
     *     (default: Spark's, as AnalyzeImages leaves it)
     * @throws Exception when the job fails
     */
    public static void main(String[] args) throws Exception {
        if (AnalyzeImages.needsModuleFlags()) {
            System.exit(AnalyzeImages.relaunch(SparkOverheadRun.class, args));
        }
        if (args.length < 1) {
            System.err.println("Usage: SparkOverheadRun DIR [RUNS [MAX_PARTITION_BYTES]]");
            System.exit(2);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long images;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            images = s.filter(p -> Files.isRegularFile(p) && dev.fer.image.Images.hasImageExtension(p)).count();
        }
        Path out = Files.createTempDirectory("fer-spark-overhead");
        SparkSession.Builder b = SparkSession.builder().appName("fer-spark overhead").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1");
        if (args.length > 2) {
            b.config("spark.sql.files.maxPartitionBytes", args[2]);
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Tasks tasks = new Tasks();
        spark.sparkContext().addSparkListener(tasks);
        PipelineConfig config = PipelineConfig.builder().build();
        try {
            for (int run = 1; run <= runs; run++) {
                tasks.reset();
                long t1 = System.currentTimeMillis();
                FerSpark.analyzeImages(FerSpark.readImages(spark, args[0]), config).write()
                        .mode(SaveMode.Overwrite).option("ignoreNullFields", "false").json(out.toString());
                long t2 = System.currentTimeMillis();
                Thread.sleep(200); // let the listener bus deliver the last task-end events
                double job = (t2 - t1) / 1e3;
                double taskSpan = (tasks.lastEnd.get() - tasks.firstStart.get()) / 1e3;
                System.out.printf(Locale.ROOT, "run %d: %d images; job %.2f s = %.1f images/s; first task after "
                                + "%.2f s; tasks %.2f s = %.1f images/s; %d tasks, %.1f s task time, %.1f s task CPU"
                                + "%n", run, images, job, images / job,
                        (tasks.firstStart.get() - t1) / 1e3, taskSpan, images / taskSpan, tasks.count.get(),
                        tasks.time.get() / 1e3, tasks.cpuNanos.get() / 1e9);
            }
            threadCpu();
        } finally {
            spark.stop();
            try (Stream<Path> s = Files.walk(out)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** CPU seconds of this JVM's threads so far, summed by name (digits dropped), from /proc (Linux only). */
    private static void threadCpu() throws IOException {
        Path dir = Path.of("/proc/self/task");
        if (!Files.isDirectory(dir)) {
            return;
        }
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path t : (Iterable<Path>) s::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+$", "#");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        System.out.println("CPU by thread name over all runs (s; 100 ticks per second):");
        ticks.entrySet().stream().filter(e -> e.getValue() >= 10)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6.1f  %s%n", e.getValue() / 100.0, e.getKey()));
    }

    /** Task timings of the current job. */
    private static final class Tasks extends SparkListener {
        final AtomicLong firstStart = new AtomicLong();
        final AtomicLong lastEnd = new AtomicLong();
        final AtomicLong count = new AtomicLong();
        final AtomicLong time = new AtomicLong();
        final AtomicLong cpuNanos = new AtomicLong();

        void reset() {
            firstStart.set(Long.MAX_VALUE);
            lastEnd.set(0);
            count.set(0);
            time.set(0);
            cpuNanos.set(0);
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart e) {
            firstStart.accumulateAndGet(e.taskInfo().launchTime(), Math::min);
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            lastEnd.accumulateAndGet(e.taskInfo().finishTime(), Math::max);
            count.incrementAndGet();
            time.addAndGet(e.taskInfo().duration());
            if (e.taskMetrics() != null) {
                cpuNanos.addAndGet(e.taskMetrics().executorCpuTime());
            }
        }
    }
}
