package dev.fer.spark;

import dev.fer.EmotionPipeline;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The Spark job: analyse every image under a folder (or matching a glob) and write one row per face as Parquet or
 * JSON lines. Run it with {@code spark-submit --class dev.fer.spark.AnalyzeImages fer-spark.jar ...} on a cluster, or
 * locally with {@code java -cp "fer-spark/target/fer-spark.jar:fer-spark/target/lib/*" dev.fer.spark.AnalyzeImages
 * --master 'local[2]' --input DIR --output OUT --format json}.
 *
 * <p>Started by a plain {@code java} on Java 17+ without the {@code --add-opens} flags Spark needs, the job starts
 * itself again in a child JVM with Spark's flags ({@link JavaModuleOptions#defaultModuleOptionArray()}), in local
 * mode the {@link #LOCAL_JIT_OPTIONS}, then the same class path and JVM options, and exits with the child's status.
 *
 * <p><b>Thread safety:</b> a program entry point; not meant to be shared.
 */
public final class AnalyzeImages {
    private static final String RELAUNCHED = "fer.spark.relaunched";
    /**
     * Environment variable naming a folder for class-data-sharing archives of the relaunched JVM: the first run
     * writes one (slower), later runs with the same JDK and class path start from it.
     */
    static final String CDS_ENV = "FER_SPARK_CDS";
    /**
     * JIT thresholds of the relaunched JVM in local mode, where the tasks run in the driver's JVM: C2 compiles a
     * method only after ten times the usual calls and loops (the defaults are 5,000 / 600 / 15,000 / 40,000). A cold
     * local job otherwise spends a core on C2 compiles of Spark's, Scala's and Hadoop's own code (16 s of C2 CPU in a
     * 19 s job over 840 images on two cores, against 3 s for all of {@code batch}); the pixel loops and the pipeline,
     * which run millions of times, still reach C2 within the first images. Measured: that job 19.5–19.8 → 15.9–16.3 s,
     * and the same rate once warm (102–109 against 99–115 images/s).
     */
    static final List<String> LOCAL_JIT_OPTIONS = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");
    private static final Set<String> FLAGS = Set.of("overwrite", "help");
    private static final Set<String> OPTIONS = Set.of("master", "input", "output", "format", "detector",
            "classifier", "device", "threads", "score", "max-faces", "partitions", "model-mirror");

    private AnalyzeImages() {
    }

    /**
     * Runs the job and exits with 0 on success, 1 on failure and 2 on a usage error.
     *
     * @param args the arguments; {@code --help} lists them
     * @throws Exception when the child JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        if (needsModuleFlags()) {
            System.exit(relaunch(AnalyzeImages.class, args));
        }
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Whether this JVM lacks the package opening Spark needs (true under a plain {@code java} on 17+; false under
     * {@code spark-submit}, which adds the flags itself).
     */
    static boolean needsModuleFlags() {
        return System.getProperty(RELAUNCHED) == null
                && !Object.class.getModule().isOpen("sun.nio.ch", AnalyzeImages.class.getModule());
    }

    /** Records when the first task of the job was launched (Spark's clock: epoch milliseconds). */
    private static final class FirstTask extends SparkListener {
        final AtomicLong launched = new AtomicLong(Long.MAX_VALUE);

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            launched.accumulateAndGet(start.taskInfo().launchTime(), Math::min);
        }
    }

    /** Starts {@code main} in a child JVM with Spark's module flags and this JVM's class path; its exit status. */
    static int relaunch(Class<?> main, String[] args) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        if (localMaster(args)) {
            // Before this JVM's own options, so that a -XX option the user gave wins.
            cmd.addAll(LOCAL_JIT_OPTIONS);
        }
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-D" + RELAUNCHED + "=true");
        Path archive = cdsArchive(System.getenv(CDS_ENV), System.getProperty("java.class.path"));
        Path pending = archive == null ? null
                : archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        cmd.addAll(cdsOptions(archive, pending));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        if (System.getenv("FER_SPARK_DEBUG") != null) {
            System.err.println(main.getSimpleName() + ": relaunching as " + cmd);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        // The class path goes through the environment, not -cp: with Spark's ~180 jars spelled out on the command
        // line (about 10 kB of arguments) the child JVM died with SIGSEGV in the first task on this machine, while
        // the same class path in CLASSPATH (or as lib/*) ran fine.
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        if (localMaster(args)) {
            // Local mode talks only to itself: Spark's own address, from the start, is the loopback one.
            pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        }
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        int status = p.waitFor();
        if (pending != null && Files.isRegularFile(pending)) {
            // Written by the child at exit: keep it only from a run that succeeded, under its final name at once.
            if (status == 0) {
                Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.err.println(main.getSimpleName() + ": wrote the class archive " + archive
                        + "; later runs with this JDK and class path start from it.");
            } else {
                Files.deleteIfExists(pending);
            }
        }
        return status;
    }

    /**
     * The class-data-sharing archive for this JDK and class path in the folder {@code dir}
     * ({@value #CDS_ENV}), or {@code null} when none is configured or the folder does not exist (it is never
     * created).
     *
     * @param dir the folder, or null or blank for none
     * @param classPath the class path the archive is for
     * @return {@code DIR/fer-spark-<hash>.jsa}, the hash over the JDK's version and home and the class path
     */
    static Path cdsArchive(String dir, String classPath) {
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path folder = Path.of(dir).toAbsolutePath();
        if (!Files.isDirectory(folder)) {
            System.err.println("AnalyzeImages: " + CDS_ENV + " names " + folder + ", which is not a folder; running "
                    + "without a class archive.");
            return null;
        }
        String key = System.getProperty("java.vm.version") + "|" + System.getProperty("java.home") + "|" + classPath;
        return folder.resolve(String.format(Locale.ROOT, "fer-spark-%08x.jsa", key.hashCode()));
    }

    /**
     * The JVM options for an archive: start from it when it exists, else write it at exit to {@code pending}.
     *
     * @param archive the archive, or null for none
     * @param pending where the child writes a new archive
     * @return the options, empty without an archive
     */
    static List<String> cdsOptions(Path archive, Path pending) {
        if (archive == null) {
            return List.of();
        }
        // -Xlog:cds=off: writing the archive lists hundreds of classes it skips (signed jars, generated accessors).
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off")
                : List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off");
    }

    private static boolean localMaster(String[] args) {
        String master = System.getProperty("spark.master", "local");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--master")) {
                master = args[i + 1];
            }
        }
        return master.startsWith("local");
    }

    /** One line for a failed write, with the option that helps where there is one. */
    static String writeFailure(String output, Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("PATH_ALREADY_EXISTS")) {
            return output + " already exists; add --overwrite to replace it.";
        }
        Throwable root = FaceRows.rootCause(e);
        String why = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage().lines().findFirst().orElse("");
        return "the job writing to " + output + " failed: " + why;
    }

    static String usage() {
        return """
                Usage: AnalyzeImages --input DIR|GLOB --output DIR [options]
                  --input DIR|GLOB     folder (recursive; jpg, jpeg, png, bmp, gif, tif, tiff in any case; names
                                       starting with . skipped), one file or a glob, in any Hadoop file system
                  --output DIR         where to write the face rows
                  --format F           parquet (default) or json (JSON lines, every column present)
                  --master URL         Spark master (default: spark-submit's, else local[*])
                  --detector ID        face detector (default %s)
                  --classifier ID      emotion classifier id, head file (*.ferhead, readable on every executor
                                       or shipped with spark-submit --files) or none (default fer-mini-xception)
                  --device D           cpu (default), cuda, cuda:N or auto
                  --threads N          threads per model on each executor (default 1)
                  --score T            detector score threshold in (0,1)
                  --max-faces N        most faces per image (default 100)
                  --partitions N       repartition the files into N partitions first
                  --model-mirror M     model mirror (folder or URL) for the executors instead of FER_MODEL_MIRROR
                  --overwrite          replace the output folder if it exists
                """.formatted(EmotionPipeline.DEFAULT_DETECTOR);
    }

    /**
     * Runs the job in this JVM.
     *
     * @param args the arguments
     * @param out where the summary goes
     * @param err where usage errors go
     * @return 0 on success, 1 when the input does not exist or cannot be listed or the output cannot be written, 2 on a
     *     usage error (an empty input included)
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && FLAGS.contains(name)) {
                opts.put(name, "true");
            } else if (name != null && OPTIONS.contains(name) && i + 1 < args.length) {
                opts.put(name, args[++i]);
            } else {
                err.println("AnalyzeImages: unexpected argument '" + a + "'\n" + usage());
                return 2;
            }
        }
        if (opts.containsKey("help")) {
            out.print(usage());
            return 0;
        }
        if (!opts.containsKey("input") || !opts.containsKey("output")) {
            err.println("AnalyzeImages: --input and --output are required\n" + usage());
            return 2;
        }
        String format = opts.getOrDefault("format", "parquet").toLowerCase(Locale.ROOT);
        if (!format.equals("parquet") && !format.equals("json")) {
            err.println("AnalyzeImages: --format must be parquet or json, got '" + format + "'");
            return 2;
        }
        PipelineConfig config;
        int partitions;
        try {
            PipelineConfig.Builder b = PipelineConfig.builder();
            if (opts.containsKey("detector")) {
                b.detector(opts.get("detector"));
            }
            if (opts.containsKey("classifier")) {
                b.classifier(opts.get("classifier"));
            }
            if (opts.containsKey("device")) {
                b.device(opts.get("device"));
            }
            if (opts.containsKey("threads")) {
                b.threads(Integer.parseInt(opts.get("threads")));
            }
            if (opts.containsKey("score")) {
                b.scoreThreshold(Float.parseFloat(opts.get("score")));
            }
            if (opts.containsKey("max-faces")) {
                b.maxFaces(Integer.parseInt(opts.get("max-faces")));
            }
            if (opts.containsKey("model-mirror")) {
                b.modelMirror(opts.get("model-mirror"));
            }
            config = b.build();
            partitions = Integer.parseInt(opts.getOrDefault("partitions", "0"));
        } catch (NumberFormatException e) {
            err.println("AnalyzeImages: a number was expected (--threads, --score, --max-faces, --partitions): "
                    + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("AnalyzeImages: " + e.getMessage());
            return 2;
        }

        SparkSession.Builder sb = SparkSession.builder().appName("fer-spark AnalyzeImages");
        if (opts.containsKey("master")) {
            sb.master(opts.get("master"));
        } else if (System.getProperty("spark.master") == null) {
            sb.master("local[*]");
        }
        // A session that already runs in this JVM (an application calling run) is used and left running.
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        boolean local = opts.getOrDefault("master", System.getProperty("spark.master", "local")).startsWith("local");
        // Local mode runs the tasks in this JVM: build its pipeline while Spark starts, lists the files and plans the
        // job (the first task finds it ready; a failure is reported by the task that needs the pipeline).
        boolean buildingEarly = ownSession && local;
        if (buildingEarly) {
            CompletableFuture.runAsync(() -> ExecutorPipelines.get(config));
        }
        if (local) {
            sb.config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"));
            // Local mode talks only to itself: keep the driver on the loopback interface instead of the first
            // network interface Spark would pick (an explicit spark.driver.* setting still wins).
            sb.config("spark.driver.bindAddress", System.getProperty("spark.driver.bindAddress", "127.0.0.1"));
            sb.config("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"));
        }
        SparkSession spark = sb.getOrCreate();
        try {
            // Partitions: listImages makes 4 tasks per core (at most 256 images each): 8 tasks of 105 images for 840
            // on 2 cores ran 4 % faster cold than the 28 tasks of 30 of Spark's own file packing, and 210 tasks of 4
            // ran 1.3x longer than those 28 (warm): each task has a fixed cost. --partitions N overrides it.
            if (ownSession) {
                spark.sparkContext().setLogLevel("WARN");
            }
            if (!buildingEarly && spark.sparkContext().isLocal()) {
                CompletableFuture.runAsync(() -> ExecutorPipelines.get(config));
            }
            FirstTask firstTask = new FirstTask();
            spark.sparkContext().addSparkListener(firstTask);
            long t0 = System.currentTimeMillis();
            long t1;
            try {
                Dataset<Row> files;
                try {
                    files = FerSpark.listImages(spark, opts.get("input"));
                } catch (UncheckedIOException e) {
                    err.println("AnalyzeImages: " + e.getMessage());
                    return 1;
                } catch (IllegalArgumentException e) {
                    err.println("AnalyzeImages: " + e.getMessage());
                    return 2;
                }
                if (partitions > 0) {
                    files = files.repartition(partitions);
                }
                Dataset<Row> faces = FerSpark.analyzeImagePaths(files, "path", config);
                SaveMode mode = opts.containsKey("overwrite") ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
                try {
                    if (format.equals("json")) {
                        faces.write().mode(mode).option("ignoreNullFields", "false").json(opts.get("output"));
                    } else {
                        faces.write().mode(mode).parquet(opts.get("output"));
                    }
                } catch (Exception e) {
                    // Bad files are error rows, never failures: what fails here is the output (it exists, it
                    // cannot be created or written), the executors' pipeline (a model they cannot resolve) or the
                    // cluster; the root cause's first line says which.
                    err.println("AnalyzeImages: " + writeFailure(opts.get("output"), e));
                    return 1;
                }
                t1 = System.currentTimeMillis();
            } finally {
                spark.sparkContext().removeSparkListener(firstTask);
            }
            double seconds = (t1 - t0) / 1e3;
            // With the schema given: JSON would otherwise be read twice, once only to infer it.
            Row s = spark.read().format(format).schema(FerSpark.imageSchema()).load(opts.get("output")).agg(
                    functions.countDistinct("path"), functions.count("face_index"),
                    functions.countDistinct(functions.when(functions.col("error").isNotNull(),
                            functions.col("path")))).first();
            long images = s.getLong(0);
            long first = firstTask.launched.get();
            String split = first >= t0 && first < t1 ? String.format(Locale.ROOT,
                    " (first task after %.1f s of listing and planning; tasks %.1f s, %.2f images/s)",
                    (first - t0) / 1e3, (t1 - first) / 1e3, images / Math.max(1e-3, (t1 - first) / 1e3)) : "";
            out.printf(Locale.ROOT, "%d images: %d faces, %d errors; %.1f s, %.2f images/s%s; wrote %s (%s)%n",
                    images, s.getLong(1), s.getLong(2), seconds, images / seconds, split, opts.get("output"), format);
            return 0;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }
}
