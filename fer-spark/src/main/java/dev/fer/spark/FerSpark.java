package dev.fer.spark;

import dev.fer.EmotionPipeline;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import dev.fer.video.FrameResult;
import dev.fer.video.FrameSource;
import dev.fer.video.FrameSourceException;
import dev.fer.video.StreamRun;
import dev.fer.video.StreamRunner;
import dev.fer.video.javacv.VideoSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fer-java on Apache Spark: analyse DataFrames of images or videos with the same pipeline as a single JVM, one
 * pipeline per executor JVM.
 *
 * <p><b>Thread safety:</b> all methods are static and safe to call from any thread; the returned DataFrames are lazy
 * (nothing runs until an action such as {@code write} or {@code count}).
 *
 * <p>Each executor JVM builds one {@link EmotionPipeline} per distinct {@link PipelineConfig} on the first task that
 * needs it (models resolved through the executor's model repository, SHA-256 verified) and reuses it for every later
 * partition and task; Spark ships only the config. Within a task, images are analysed one after another and the
 * faces of each image are classified in one batch; the executor's task slots ({@code spark.executor.cores}) run in
 * parallel on the shared pipeline.
 *
 * <p><b>Rows.</b> One row per face; an image or frame with no face gives one row whose face columns are null, and a
 * file that cannot be read or decoded gives one row with the {@code error} column set (it never fails the job), so
 * every input appears at least once. Image rows ({@link #imageSchema()}):
 * {@code path, width, height, face_index, x1, y1, x2, y2, score, landmarks (array of {x, y}, 5 points or null),
 * neutral, happy, sad, surprise, fear, disgust, angry, contempt (probabilities, null for classes the classifier does
 * not have), dominant, detector_id, detector_sha256, classifier_id, classifier_sha256, error}. Coordinates are pixels
 * of the original image, top-left origin. Video rows ({@link #videoSchema()}) add {@code frame_index}, {@code time_s}
 * and {@code track_id} after the path and {@code smoothed_<emotion>}, {@code smoothed_dominant} after the face
 * columns (see {@link #analyzeVideos}).
 *
 * <pre>{@code
 * PipelineConfig config = PipelineConfig.defaults();
 * Dataset<Row> faces = FerSpark.analyzeImages(FerSpark.readImages(spark, "s3a://bucket/photos/"), config);
 * faces.write().parquet("s3a://bucket/faces/");
 *
 * FerSpark.registerFunctions(spark, config);
 * spark.sql("SELECT path, fer_analyze(content) AS faces FROM images");
 * }</pre>
 */
public final class FerSpark {
    private static final Logger LOG = LoggerFactory.getLogger(FerSpark.class);

    /** Name of the SQL function that {@link #registerFunctions} registers. */
    public static final String FUNCTION_NAME = "fer_analyze";

    /**
     * The file names {@link #listImages} and {@link #readImages} keep in a folder, as a glob: the extensions of
     * {@link Images#FILE_EXTENSIONS} in any case ({@code *.{[jJ][pP][gG],...}}), as the single-JVM commands list a
     * folder. For Spark's own {@code binaryFile} source: {@code .option("pathGlobFilter", IMAGE_GLOB)} (which
     * still skips empty files and names starting with {@code _}).
     */
    public static final String IMAGE_GLOB = ImageFiles.anyCaseGlob(Images.FILE_EXTENSIONS);

    /** The most files in one partition of {@link #listImages}. */
    public static final int MAX_FILES_PER_PARTITION = 256;

    /** The partitions per default core that {@link #listImages} makes when there are enough files. */
    public static final int PARTITIONS_PER_CORE = 4;

    /** The columns of {@link #listImages}. */
    private static final StructType PATHS = new StructType().add("path", DataTypes.StringType, false);

    /** The binaryFile source's columns ({@link #readImages}); content is null for a file that could not be read. */
    private static final StructType BINARY_FILE = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("modificationTime", DataTypes.TimestampType, false)
            .add("length", DataTypes.LongType, false)
            .add("content", DataTypes.BinaryType, true);

    private FerSpark() {
    }

    /**
     * The columns of {@link #analyzeImages} and {@link #analyzeImagePaths}.
     *
     * @return the schema
     */
    public static StructType imageSchema() {
        return FaceRows.IMAGE;
    }

    /**
     * The columns of {@link #analyzeVideos}.
     *
     * @return the schema
     */
    public static StructType videoSchema() {
        return FaceRows.VIDEO;
    }

    /**
     * The struct of one face in {@code fer_analyze}'s result: {@code face_index, x1, y1, x2, y2, score, landmarks},
     * the eight emotion probabilities and {@code dominant}.
     *
     * @return the struct
     */
    public static StructType faceSchema() {
        return FaceRows.FACE;
    }

    /**
     * The image files of a folder, a file or a glob, listed as {@link #listImages} lists them (the way the single-JVM
     * {@code batch} command lists a folder) and read on the executors, with the columns of Spark's
     * {@code binaryFile} source: {@code path} (as Hadoop names the file, e.g. {@code file:/data/a.jpg}),
     * {@code modificationTime}, {@code length}, {@code content}.
     *
     * <p>Every listed file gives one row, so that the face rows of {@link #analyzeImages} account for every file as
     * {@code batch} does: unlike Spark's {@code binaryFile} source, whose scan drops empty files and whose listing
     * skips names starting with {@code _} (a camera's {@code _DSC0001.JPG}), empty files keep their row (empty
     * {@code content}: an error row once analysed) and only names starting with {@code .} are skipped. A file that
     * cannot be read when its task runs (deleted, no permission) gets null {@code content} (an error row once
     * analysed) and a warning in the executor's log, instead of failing the job. The executors read with the
     * session's Hadoop configuration as it is when this method is called.
     *
     * @param spark the session
     * @param input a folder, a file or a glob, in any file system Hadoop can read ({@code file:}, {@code hdfs:},
     *              {@code s3a:}, ...)
     * @return the files, read when the DataFrame is computed, sorted by path
     * @throws java.io.UncheckedIOException when the input does not exist, no file matches the glob, its file system
     *     cannot be opened, or the listing fails
     * @throws IllegalArgumentException when the input is blank
     */
    public static Dataset<Row> readImages(SparkSession spark, String input) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(input, "input");
        List<Row> files = new ArrayList<>();
        for (FileStatus f : listed(spark, input)) {
            files.add(RowFactory.create(f.getPath().toString(), new Timestamp(f.getModificationTime()), f.getLen()));
        }
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(files, partitions(files.size(), spark.sparkContext().defaultParallelism()))
                .map(new ReadContent(HadoopConf.of(spark)));
        return spark.createDataFrame(rows, BINARY_FILE);
    }

    /**
     * The image files of a folder or a glob, listed on the driver through Hadoop's file system the way the single-JVM
     * {@code batch} command lists a folder, as a DataFrame of paths for {@link #analyzeImagePaths}: one column
     * {@code path} (string, as Hadoop names the file, e.g. {@code file:/data/a.jpg} or {@code s3a://bucket/a.jpg}),
     * sorted, in {@value #PARTITIONS_PER_CORE} partitions per default core (Spark's {@code defaultParallelism}), more
     * where that would put over {@value #MAX_FILES_PER_PARTITION} files in one.
     *
     * <p>A folder is listed recursively; files whose names end in one of {@link Images#FILE_EXTENSIONS} (any case)
     * are kept and names starting with {@code .} are skipped, files and folders, as {@code batch} does. Unlike
     * Spark's own file sources ({@code binaryFile}), names starting with {@code _} (a camera's {@code _DSC0001.JPG})
     * are kept, and so are empty files (analysed, they give error rows). A folder or file that exists as written is
     * taken as written, even when its name holds glob characters ({@code photos [2024]}). Each glob match that is a
     * folder is listed the same way; a glob match that is a file, or an {@code input} naming one file, is kept
     * whatever its name. The executors read the files themselves ({@link #analyzeImagePaths}), so nothing but the
     * names is held on the driver.
     *
     * @param spark the session
     * @param input a folder, a file or a glob, in any file system Hadoop can read ({@code file:}, {@code hdfs:},
     *              {@code s3a:}, ...)
     * @return the paths, one row per file
     * @throws java.io.UncheckedIOException when the input does not exist, no file matches the glob, its file system
     *     cannot be opened, or the listing fails
     * @throws IllegalArgumentException when the input is blank
     */
    public static Dataset<Row> listImages(SparkSession spark, String input) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(input, "input");
        List<String> files = new ArrayList<>();
        for (FileStatus f : listed(spark, input)) {
            files.add(f.getPath().toString());
        }
        int partitions = partitions(files.size(), spark.sparkContext().defaultParallelism());
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(files, partitions)
                .map(RowFactory::create);
        return spark.createDataFrame(rows, PATHS);
    }

    /**
     * How many partitions {@link #listImages} makes: {@value #PARTITIONS_PER_CORE} per core, more when that would put
     * over {@value #MAX_FILES_PER_PARTITION} files in one, never more than there are files, at least one. Each task
     * costs Spark a fixed amount (deserialising the plan, opening an output file, committing it): a cold 840-image job
     * on 2 cores ran in 12.1 s with 8 tasks of 105 files against 12.6 s with 27 tasks of 32 (4 alternated pairs),
     * and 4 tasks per core leave the slots little to wait for at the end.
     */
    static int partitions(int files, int cores) {
        long wanted = Math.max((long) Math.max(1, cores) * PARTITIONS_PER_CORE,
                ((long) files + MAX_FILES_PER_PARTITION - 1) / MAX_FILES_PER_PARTITION);
        return (int) Math.max(1, Math.min(files, wanted));
    }

    private static List<FileStatus> listed(SparkSession spark, String input) {
        try {
            return ImageFiles.listImageFiles(input, spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Analyses a DataFrame of encoded images with columns {@code path} (string) and {@code content} (binary), as the
     * {@code binaryFile} source or {@link #readImages} gives them.
     *
     * @param files the images
     * @param config the pipeline every executor builds once
     * @return face rows ({@link #imageSchema()}), lazily computed
     */
    public static Dataset<Row> analyzeImages(Dataset<Row> files, PipelineConfig config) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(config, "config");
        return files.select(functions.col("path").cast(DataTypes.StringType), functions.col("content"))
                .mapPartitions(new ContentPartition(config), Encoders.row(FaceRows.IMAGE));
    }

    /**
     * Analyses the image files named in a column of paths or URIs; each executor reads its files through Hadoop's
     * file systems ({@code file:}, {@code hdfs:}, {@code s3a:}, ... as configured on the executors).
     *
     * @param paths the DataFrame
     * @param pathColumn the name of the column holding the paths
     * @param config the pipeline every executor builds once
     * @return face rows ({@link #imageSchema()}) whose {@code path} is the column's value
     */
    public static Dataset<Row> analyzeImagePaths(Dataset<Row> paths, String pathColumn, PipelineConfig config) {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(pathColumn, "pathColumn");
        Objects.requireNonNull(config, "config");
        return paths.select(functions.col(pathColumn).cast(DataTypes.StringType))
                .mapPartitions(new PathPartition(config, HadoopConf.of(paths.sparkSession())),
                        Encoders.row(FaceRows.IMAGE));
    }

    /**
     * Analyses the video files named in a column with the stream runner of {@code dev.fer.video} (faces tracked
     * across frames, emotions smoothed per track), one file per Spark task, and returns rows for every
     * {@code everyNth} frame (frames 0, N, 2N, ...). The path list is collected to the driver to plan one task per
     * file; the frames are decoded ({@code fer-video}'s {@code VideoSources.file}) and analysed on the executors.
     * Files outside the local file system are copied to a temporary file first.
     *
     * <p><b>How "every N-th frame" is done:</b> with the runner's detect-every-N, not by skipping frames at the
     * source. Every frame is decoded and passes through one runner per file, in order: the detector runs on frames
     * 0, N, 2N, ... (and on a frame after a scene cut), and the frames between are classified on the boxes the
     * tracker predicts. The tracker therefore sees every frame, so a track never spans a cut, its frame-counted
     * settings ({@code maxMissed}, {@code minHits}) and the smoothing keep their meaning at any N, and the smoothed
     * emotions follow the faces at the full frame rate; the detector, the expensive model, still runs on one frame in
     * N. Rows are returned for the detected frames 0, N, 2N, ... only, so their boxes and raw emotions are exactly
     * what {@link EmotionPipeline#analyze} gives for those frames. Each video task runs its runner with one worker
     * thread and one reader (decoder) thread beside the task's own thread, which tracks and writes rows; the
     * executor's pipeline is shared as for images.
     *
     * <p>Rows ({@link #videoSchema()}): {@code path, frame_index, time_s, width, height, track_id}, the face columns
     * of {@link #imageSchema()} (raw per-frame emotions), {@code smoothed_<emotion>} for each emotion and
     * {@code smoothed_dominant} (the track's smoothed emotions up to this frame, with the runner's hysteresis), the
     * model provenance and {@code error}. {@code track_id} is the runner's track id, unique within one file and
     * stable while the face is tracked; it is null while a track is still tentative (a face first seen mid-stream,
     * until its second detection). A file that cannot be opened gives one error row with a null
     * {@code frame_index}; a file that fails part-way (truncated, or an analysis failure) keeps the rows before and
     * ends with an error row ({@code frame_index} = frames read, for a read failure).
     *
     * @param videos the DataFrame
     * @param pathColumn the name of the column holding the paths or URIs
     * @param config the pipeline every executor builds once
     * @param everyNth 1 for every frame, 2 for every other frame, ... (also the runner's detect-every)
     * @return frame rows ({@link #videoSchema()}), in file order, then frame order
     */
    public static Dataset<Row> analyzeVideos(Dataset<Row> videos, String pathColumn, PipelineConfig config,
                                             int everyNth) {
        Objects.requireNonNull(videos, "videos");
        Objects.requireNonNull(pathColumn, "pathColumn");
        Objects.requireNonNull(config, "config");
        if (everyNth < 1) {
            throw new IllegalArgumentException("everyNth must be at least 1, got " + everyNth + ".");
        }
        SparkSession spark = videos.sparkSession();
        List<String> files = videos.select(functions.col(pathColumn).cast(DataTypes.StringType))
                .as(Encoders.STRING()).collectAsList();
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(files, Math.max(1, files.size()))
                .flatMap(new VideoTask(config, everyNth, HadoopConf.of(spark)));
        return spark.createDataFrame(rows, FaceRows.VIDEO);
    }

    /**
     * Registers the SQL function {@code fer_analyze(content BINARY) → ARRAY<STRUCT<...>>} ({@link #faceSchema()}
     * elements; an empty array for an image without faces; null for null content or content that cannot be
     * decoded — {@link #analyzeImages} gives the error text instead).
     *
     * <pre>{@code
     * SELECT path, face.dominant FROM images LATERAL VIEW explode(fer_analyze(content)) AS face
     * }</pre>
     *
     * @param spark the session
     * @param config the pipeline every executor builds once
     */
    public static void registerFunctions(SparkSession spark, PipelineConfig config) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(config, "config");
        UDF1<byte[], Row[]> udf = content -> {
            if (content == null) {
                return null;
            }
            try {
                return FaceRows.faceStructs(ExecutorPipelines.get(config).analyze(content));
            } catch (dev.fer.ImageDecodeException e) {
                return null;
            }
        };
        spark.udf().register(FUNCTION_NAME, udf, DataTypes.createArrayType(FaceRows.FACE, false));
    }

    private static List<Row> analyzeBytes(EmotionPipeline pipeline, String path, byte[] content) {
        if (content == null) {
            return List.of(FaceRows.errorRow(new Object[] {path, null, null}, pipeline,
                    "No content (from readImages: the file could not be read when its task ran; the executor's log"
                            + " says why)."));
        }
        AnalysisResult result;
        try {
            result = pipeline.analyze(content);
        } catch (RuntimeException e) {
            return List.of(FaceRows.errorRow(new Object[] {path, null, null}, pipeline, FaceRows.describe(e)));
        }
        return FaceRows.rows(new Object[] {path, result.width(), result.height()}, result);
    }

    /** binaryFile rows → face rows. */
    private static final class ContentPartition implements MapPartitionsFunction<Row, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final PipelineConfig config;

        ContentPartition(PipelineConfig config) {
            this.config = config;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            EmotionPipeline pipeline = ExecutorPipelines.get(config);
            return new FlatIterator<>(input, r -> analyzeBytes(pipeline, r.getString(0), (byte[]) r.get(1)));
        }
    }

    /** A listed file (path, modificationTime, length) → its binaryFile row, read through Hadoop. */
    private static final class ReadContent implements org.apache.spark.api.java.function.Function<Row, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final HadoopConf hadoopConf;

        ReadContent(HadoopConf hadoopConf) {
            this.hadoopConf = hadoopConf;
        }

        @Override
        public Row call(Row r) {
            String path = r.getString(0);
            byte[] content;
            try {
                content = ImageFiles.readAll(path, hadoopConf.get());
            } catch (IOException | RuntimeException e) {
                LOG.warn("fer-spark: could not read {}; its row has no content: {}", path, e.toString());
                content = null;
            }
            return RowFactory.create(path, r.get(1), r.get(2), content);
        }
    }

    /** Path rows → face rows, files read through Hadoop. */
    private static final class PathPartition implements MapPartitionsFunction<Row, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final PipelineConfig config;
        private final HadoopConf hadoopConf;

        PathPartition(PipelineConfig config, HadoopConf hadoopConf) {
            this.config = config;
            this.hadoopConf = hadoopConf;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            EmotionPipeline pipeline = ExecutorPipelines.get(config);
            Configuration hadoop = hadoopConf.get();
            return new FlatIterator<>(input, r -> {
                String path = r.getString(0);
                if (path == null) {
                    return List.of();
                }
                byte[] content;
                try {
                    content = ImageFiles.readAll(path, hadoop);
                } catch (IOException | RuntimeException e) {
                    return List.of(FaceRows.errorRow(new Object[] {path, null, null}, pipeline,
                            FaceRows.describe(e)));
                }
                return analyzeBytes(pipeline, path, content);
            });
        }
    }

    /** One video file → frame rows. */
    private static final class VideoTask implements FlatMapFunction<String, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final PipelineConfig config;
        private final int everyNth;
        private final HadoopConf hadoopConf;

        VideoTask(PipelineConfig config, int everyNth, HadoopConf hadoopConf) {
            this.config = config;
            this.everyNth = everyNth;
            this.hadoopConf = hadoopConf;
        }

        @Override
        public Iterator<Row> call(String path) {
            if (path == null) {
                return Collections.emptyIterator();
            }
            EmotionPipeline pipeline = ExecutorPipelines.get(config);
            Path local;
            Path temp = null;
            try {
                URI uri = new org.apache.hadoop.fs.Path(path).toUri();
                if (uri.getScheme() == null || uri.getScheme().equals("file")) {
                    local = Path.of(uri.getPath());
                } else {
                    temp = Files.createTempFile("fer-spark-video", ".tmp");
                    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
                    // Streamed to disk: a video may be larger than the heap or a Java array.
                    try (InputStream in = p.getFileSystem(hadoopConf.get()).open(p)) {
                        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    local = temp;
                }
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temp);
                return List.of(FaceRows.videoErrorRow(path, null, pipeline, FaceRows.describe(e))).iterator();
            }
            VideoIterator it = new VideoIterator(pipeline, path, local, temp, everyNth);
            TaskContext task = TaskContext.get();
            if (task != null) {
                // A task that stops early (limit, failure, kill) never exhausts the iterator: end the run's threads
                // and release the decoder with the task.
                task.addTaskCompletionListener((TaskCompletionListener) t -> it.finish());
            }
            return it;
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // A temporary file the OS cleans up later; nothing of the results depends on it.
            }
        }
    }

    /**
     * Runs one video through a {@link StreamRunner} (one runner per file, frames in order, one worker) and turns
     * every N-th frame's result into rows; a failure ends the file with an error row.
     */
    private static final class VideoIterator implements Iterator<Row> {
        private final EmotionPipeline pipeline;
        private final String path;
        private final Path temp;
        private final int everyNth;
        private FrameSource source;
        private StreamRun run;
        private Iterator<Row> current = Collections.emptyIterator();
        private boolean done;

        VideoIterator(EmotionPipeline pipeline, String path, Path local, Path temp, int everyNth) {
            this.pipeline = pipeline;
            this.path = path;
            this.temp = temp;
            this.everyNth = everyNth;
            try {
                source = VideoSources.file(local);
                run = StreamRunner.builder(pipeline).workers(1).detectEvery(everyNth).build().start(source);
            } catch (RuntimeException e) {
                current = List.of(FaceRows.videoErrorRow(path, null, pipeline, FaceRows.describe(e))).iterator();
                finish();
            }
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && !done) {
                try {
                    if (!run.hasNext()) {
                        finish();
                        break;
                    }
                    FrameResult r = run.next();
                    if (r.index() % everyNth == 0) {
                        current = FaceRows.videoRows(path, r, pipeline).iterator();
                    }
                } catch (FrameSourceException e) {
                    current = List.of(FaceRows.videoErrorRow(path, e.framesRead(), pipeline, FaceRows.describe(e)))
                            .iterator();
                    finish();
                } catch (RuntimeException e) {
                    current = List.of(FaceRows.videoErrorRow(path, null, pipeline, FaceRows.describe(e)))
                            .iterator();
                    finish();
                }
            }
            return current.hasNext();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        /** Ends the run and its threads, closes the decoder, deletes the temporary copy; idempotent. */
        synchronized void finish() {
            done = true;
            if (run != null) {
                run.close();
                run = null;
            }
            if (source != null) {
                source.close();
                source = null;
            }
            deleteQuietly(temp);
        }
    }

    /** Flat-maps an iterator lazily, one input element at a time. */
    private static final class FlatIterator<T, R> implements Iterator<R> {
        private final Iterator<T> input;
        private final Function<T, List<R>> fn;
        private Iterator<R> current = Collections.emptyIterator();

        FlatIterator(Iterator<T> input, Function<T, List<R>> fn) {
            this.input = input;
            this.fn = fn;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && input.hasNext()) {
                current = fn.apply(input.next()).iterator();
            }
            return current.hasNext();
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
