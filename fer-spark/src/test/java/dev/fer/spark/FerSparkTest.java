package dev.fer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.geometry.Point;
import dev.fer.result.AnalysisResult;
import dev.fer.result.FaceAnalysis;
import dev.fer.onnx.ExecutionOptions;
import dev.fer.onnx.HeadModel;
import dev.fer.testing.SharedAssets;
import dev.fer.track.TrackedFace;
import dev.fer.train.HeadFitter;
import dev.fer.train.LabeledFaces;
import dev.fer.train.TrainingOptions;
import dev.fer.video.FrameResult;
import dev.fer.video.StreamRunner;
import dev.fer.video.javacv.GrabberSource;
import dev.fer.video.javacv.VideoSources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fer-spark in local mode ({@code local[2]}, one session for the class) on the shared images, against the
 * single-JVM pipeline with the same configuration.
 */
class FerSparkTest {
    private static final PipelineConfig CONFIG = PipelineConfig.builder()
            .modelMirror(SharedAssets.models().toString()).build();

    @TempDir
    static Path tmp;
    static Path input;
    static SparkSession spark;
    static EmotionPipeline reference;
    /** Single-JVM results of every shared image, by file name. */
    static Map<String, AnalysisResult> expected = new HashMap<>();

    @BeforeAll
    static void start() throws IOException {
        input = Files.createDirectories(tmp.resolve("images"));
        Path shared = SharedAssets.root().resolve("images");
        reference = CONFIG.pipelineBuilder().build();
        try (Stream<Path> s = Files.walk(shared)) {
            for (Path p : s.filter(f -> f.toString().matches(".*\\.(jpe?g|png)$")).toList()) {
                Path copy = Files.createDirectories(input.resolve(shared.relativize(p).getParent().toString()))
                        .resolve(p.getFileName());
                Files.copy(p, copy);
                expected.put(p.getFileName().toString(), reference.analyze(p));
            }
        }
        assertThat(expected.size()).as("shared images").isGreaterThanOrEqualTo(14);
        // A truncated JPEG: not decodable, must give an error row and leave the job running.
        byte[] obama = Files.readAllBytes(SharedAssets.image("single/obama.jpg"));
        Files.write(input.resolve("broken.jpg"), java.util.Arrays.copyOf(obama, 4000));
        Files.writeString(input.resolve("notes.txt"), "not an image; skipped by the folder filter");
        spark = SparkSession.builder().master("local[2]").appName("fer-spark tests")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void analyzeImages_everyImageMatchesSingleJvmPipeline_corruptFileGivesErrorRow_writtenAsParquet() {
        Dataset<Row> files = FerSpark.readImages(spark, input.toString()).repartition(4);
        Path out = tmp.resolve("faces.parquet");
        FerSpark.analyzeImages(files, CONFIG).write().parquet(out.toString());
        Dataset<Row> read = spark.read().parquet(out.toString());
        assertThat(read.schema()).isEqualTo(FerSpark.imageSchema().asNullable());
        List<Row> rows = read.collectAsList();

        Map<String, List<Row>> byFile = rows.stream().collect(Collectors.groupingBy(
                r -> Path.of(r.<String>getAs("path")).getFileName().toString()));
        assertThat(byFile.keySet()).containsAll(expected.keySet()).contains("broken.jpg")
                .doesNotContain("notes.txt").hasSize(expected.size() + 1);
        for (Map.Entry<String, AnalysisResult> e : expected.entrySet()) {
            assertRowsMatch(e.getKey(), byFile.get(e.getKey()), e.getValue());
        }
        int expectedRows = 1 + expected.values().stream().mapToInt(r -> Math.max(1, r.faces().size())).sum();
        assertThat(rows).hasSize(expectedRows);

        List<Row> broken = byFile.get("broken.jpg");
        assertThat(broken).hasSize(1);
        assertThat(broken.get(0).<String>getAs("error")).startsWith("ImageDecodeException");
        assertThat(broken.get(0).<Object>getAs("face_index")).isNull();
        assertThat(broken.get(0).<Object>getAs("width")).isNull();
        assertThat(broken.get(0).<String>getAs("detector_id")).isEqualTo(CONFIG.detector());
        assertThat(rows).filteredOn(r -> r.getAs("error") != null).hasSize(1);

        // Four partitions, two task slots, one pipeline in this JVM for this config.
        assertThat(ExecutorPipelines.created(CONFIG)).isEqualTo(1);
    }

    @Test
    void readImages_keepsEmptyFilesUnderscoreNamesAndExtensionsInAnyCase_asBatchCountsThem() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("edge-cases/nested"));
        Files.copy(SharedAssets.image("single/obama.jpg"), folder.resolve("Face.Jpg"));
        Files.copy(SharedAssets.image("single/obama.jpg"), folder.resolve("_DSC0002.JPG"));
        Files.write(folder.getParent().resolve("empty.png"), new byte[0]);
        Files.write(folder.resolve("empty too.JPEG"), new byte[0]);
        Files.copy(SharedAssets.image("single/obama.jpg"), folder.resolve(".hidden.jpg"));
        Files.writeString(folder.resolve("notes.TXT"), "not an image");

        Dataset<Row> files = FerSpark.readImages(spark, folder.getParent().toString());
        assertThat(files.schema().fieldNames()).as("binaryFile's columns")
                .containsExactly("path", "modificationTime", "length", "content");
        List<Row> read = files.collectAsList();
        assertThat(read).as("files listed").hasSize(4);
        long obamaBytes = Files.size(SharedAssets.image("single/obama.jpg"));
        assertThat(read).filteredOn(r -> r.getString(0).endsWith("_DSC0002.JPG")).singleElement().satisfies(r -> {
            assertThat(r.getLong(2)).isEqualTo(obamaBytes);
            assertThat((byte[]) r.get(3)).isEqualTo(Files.readAllBytes(SharedAssets.image("single/obama.jpg")));
            assertThat(r.getTimestamp(1).getTime())
                    .isEqualTo(Files.getLastModifiedTime(folder.resolve("_DSC0002.JPG")).toMillis());
        });
        List<Row> rows = FerSpark.analyzeImages(files, CONFIG).collectAsList();
        Map<String, List<Row>> byFile = rows.stream().collect(Collectors.groupingBy(
                r -> Path.of(java.net.URI.create(r.<String>getAs("path").replace(" ", "%20"))).getFileName()
                        .toString()));
        assertThat(byFile.keySet()).containsExactlyInAnyOrder("Face.Jpg", "_DSC0002.JPG", "empty.png",
                "empty too.JPEG");
        assertRowsMatch("Face.Jpg", byFile.get("Face.Jpg"), expected.get("obama.jpg"));
        assertRowsMatch("_DSC0002.JPG", byFile.get("_DSC0002.JPG"), expected.get("obama.jpg"));
        for (String empty : List.of("empty.png", "empty too.JPEG")) {
            assertThat(byFile.get(empty)).singleElement().satisfies(r -> {
                assertThat(r.<String>getAs("error")).startsWith("ImageDecodeException").contains("empty (0 bytes)");
                assertThat(r.<Object>getAs("face_index")).isNull();
            });
        }
    }

    /** A folder with the names Spark's listing and batch's treat differently. */
    private static Path listingFolder() throws IOException {
        Path folder = tmp.resolve("listing");
        if (Files.isDirectory(folder)) {
            return folder;
        }
        Path obama = SharedAssets.image("single/obama.jpg");
        Files.createDirectories(folder.resolve("nested/dir.with.dots"));
        Files.createDirectories(folder.resolve(".cache"));
        Files.copy(obama, folder.resolve("nested/Face.Jpg"));
        Files.copy(obama, folder.resolve("nested/_DSC0001.JPG"));
        Files.copy(obama, folder.resolve("nested/dir.with.dots/ok.jpeg"));
        Files.write(folder.resolve("empty.png"), new byte[0]);
        Files.copy(obama, folder.resolve(".hidden.jpg"));
        Files.copy(obama, folder.resolve(".cache/thumb.jpg"));
        Files.writeString(folder.resolve("nested/notes.TXT"), "not an image");
        return folder;
    }

    @Test
    void listImages_keepsUnderscoreNamesAndEmptyFiles_skipsHiddenEntriesAndOtherExtensions_asBatch()
            throws IOException {
        Path folder = listingFolder();
        Dataset<Row> paths = FerSpark.listImages(spark, folder.toString());
        assertThat(paths.schema().fieldNames()).containsExactly("path");
        List<String> listed = paths.as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(listed).isSorted().allSatisfy(p -> assertThat(p).startsWith("file:"))
                .extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("Face.Jpg", "_DSC0001.JPG", "ok.jpeg", "empty.png");

        List<Row> rows = FerSpark.analyzeImagePaths(paths, "path", CONFIG).collectAsList();
        Map<String, List<Row>> byFile = rows.stream().collect(Collectors.groupingBy(
                r -> r.<String>getAs("path").substring(r.<String>getAs("path").lastIndexOf('/') + 1)));
        for (String copy : List.of("Face.Jpg", "_DSC0001.JPG", "ok.jpeg")) {
            assertRowsMatch(copy, byFile.get(copy), expected.get("obama.jpg"));
        }
        assertThat(byFile.get("empty.png")).singleElement()
                .satisfies(r -> assertThat(r.<String>getAs("error")).contains("empty (0 bytes)"));

        // A glob: a matched file is kept whatever its name, a matched folder is listed as above.
        String glob = folder.resolve("nested").toString() + "/{notes.TXT,dir.with.*}";
        assertThat(ImageFiles.listImageFiles(glob, spark.sparkContext().hadoopConfiguration()))
                .extracting(f -> f.getPath().getName()).containsExactly("ok.jpeg", "notes.TXT"); // sorted by path
    }

    @Test
    void listImages_fourPartitionsPerCore_missingInputIsATypedError() throws IOException {
        Path many = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i < 70; i++) {
            Files.write(many.resolve(String.format("img%03d.jpg", i)), new byte[0]);
        }
        Dataset<Row> paths = FerSpark.listImages(spark, many.toString());
        assertThat(paths.count()).isEqualTo(70);
        assertThat(paths.rdd().getNumPartitions()).as("4 per core on local[2]").isEqualTo(8);
        assertThat(paths.javaRDD().glom().collect()).allSatisfy(p -> assertThat(p).hasSizeBetween(8, 9));
        Dataset<Row> one = FerSpark.listImages(spark, many.resolve("img000.jpg").toString());
        assertThat(one.count()).isEqualTo(1);
        assertThat(one.rdd().getNumPartitions()).isEqualTo(1);
        Path two = Files.createDirectories(tmp.resolve("two"));
        Files.write(two.resolve("a.jpg"), new byte[0]);
        Files.write(two.resolve("b.jpg"), new byte[0]);
        assertThat(FerSpark.listImages(spark, two.toString()).rdd().getNumPartitions()).as("one per file")
                .isEqualTo(2);
        assertThat(FerSpark.partitions(0, 2)).isEqualTo(1);
        assertThat(FerSpark.partitions(840, 2)).isEqualTo(8);
        assertThat(FerSpark.partitions(10_000, 2)).as("at most 256 files in one").isEqualTo(40);
        assertThat(FerSpark.partitions(Integer.MAX_VALUE, 1_000_000)).isEqualTo(8_388_608);
        assertThat(FerSpark.partitions(5, 0)).as("no cores reported").isEqualTo(4);

        assertThatThrownBy(() -> FerSpark.listImages(spark, tmp.resolve("absent").toString()))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("No such file or folder")
                .hasMessageContaining("absent");
        assertThatThrownBy(() -> FerSpark.listImages(spark, many + "/*.png"))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("No file or folder matches");
        assertThatThrownBy(() -> FerSpark.readImages(spark, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input is empty");
        // core-default.xml names S3AFileSystem for s3a:, but hadoop-aws is not on this class path.
        assertThatThrownBy(() -> FerSpark.listImages(spark, "s3a://bucket/photos/"))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("Cannot open the file system of s3a://bucket/photos/")
                .hasMessageContaining("S3AFileSystem not found");
    }

    @Test
    void readImages_withJava8DateTimeApi_givesInstants() {
        spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        try {
            List<Row> rows = FerSpark.readImages(spark, input.resolve("single").toString()).collectAsList();
            assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r.get(1)).isInstanceOf(java.time.Instant.class));
        } finally {
            spark.conf().unset("spark.sql.datetime.java8API.enabled");
        }
        assertThat(FerSpark.readImages(spark, input.resolve("single").toString()).first().get(1))
                .isInstanceOf(java.sql.Timestamp.class);
    }

    @Test
    void readImages_fileGoneBeforeItsTaskRuns_givesAnErrorRow_andTheJobGoesOn() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("vanishing"));
        Files.copy(SharedAssets.image("single/obama.jpg"), folder.resolve("stays.jpg"));
        Files.copy(SharedAssets.image("single/obama.jpg"), folder.resolve("goes.jpg"));
        Dataset<Row> files = FerSpark.readImages(spark, folder.toString());
        Files.delete(folder.resolve("goes.jpg"));
        List<Row> rows = FerSpark.analyzeImages(files, CONFIG).collectAsList();
        assertThat(rows).filteredOn(r -> r.<String>getAs("path").endsWith("goes.jpg")).singleElement()
                .satisfies(r -> assertThat(r.<String>getAs("error")).startsWith("No content"));
        assertRowsMatch("stays.jpg", rows.stream().filter(r -> r.<String>getAs("path").endsWith("stays.jpg"))
                .toList(), expected.get("obama.jpg"));
    }

    @Test
    void oddFileNames_areListedAndReadAsBatchReadsThem() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("odd names/sub [2024]"));
        List<String> names = List.of("a:b.jpg", "x#y.jpg", "p%20q.jpg", "ü.jpg", "[1].jpg", "q?.jpg", "{br}.jpg");
        for (String name : names) {
            Files.copy(SharedAssets.image("single/obama.jpg"), folder.resolve(name));
        }
        // The folder name holds glob characters but exists as written: it is listed, not matched as a pattern.
        List<Row> rows = FerSpark.analyzeImagePaths(FerSpark.listImages(spark, folder.toString()), "path", CONFIG)
                .collectAsList();
        assertThat(rows).extracting(r -> r.<String>getAs("path").substring(r.<String>getAs("path").lastIndexOf('/')
                + 1)).containsExactlyInAnyOrderElementsOf(names);
        for (Row r : rows) {
            assertRowsMatch(r.getAs("path"), List.of(r), expected.get("obama.jpg"));
        }
        assertThat(FerSpark.readImages(spark, folder.toString()).collectAsList())
                .allSatisfy(r -> assertThat((byte[]) r.get(3)).as(r.getString(0)).hasSize(
                        (int) Files.size(SharedAssets.image("single/obama.jpg"))));
    }

    @Test
    void listImages_wideAndDeepTree_givesWhatAFileWalkGives() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("tree"));
        List<String> want = new ArrayList<>();
        for (int y = 0; y < 3; y++) {
            for (int m = 0; m < 7; m++) {
                for (int d = 0; d < 3; d++) {
                    Path day = Files.createDirectories(root.resolve("20" + y + "/m" + m + "/d" + d));
                    Files.write(day.resolve("p" + y + m + d + ".jpg"), new byte[0]);
                    want.add(day.resolve("p" + y + m + d + ".jpg").toString());
                    Files.write(day.resolve("notes.txt"), new byte[0]);
                }
                Files.write(Files.createDirectories(root.resolve("20" + y + "/m" + m + "/.thumbs"))
                        .resolve("t.jpg"), new byte[0]);
            }
            Files.write(root.resolve("20" + y + "/cover" + y + ".PNG"), new byte[0]);
            want.add(root.resolve("20" + y + "/cover" + y + ".PNG").toString());
        }
        want.sort(null);
        assertThat(ImageFiles.listImageFiles(root.toString(), spark.sparkContext().hadoopConfiguration()))
                .extracting(f -> f.getPath().toUri().getPath()).containsExactlyElementsOf(want);
        // Two roots through a glob, listed together.
        assertThat(ImageFiles.listImageFiles(root + "/20{0,2}", spark.sparkContext().hadoopConfiguration()))
                .hasSize(2 * 22);
    }

    @Test
    void listImages_followsLinksButNotBackUp_asBatchDoes() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("links/a"));
        Files.write(root.resolve("x.jpg"), new byte[0]);
        Files.createSymbolicLink(root.resolve("up"), root.getParent());          // a loop: a/up -> links
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.write(elsewhere.resolve("y.jpg"), new byte[0]);
        Files.createSymbolicLink(root.resolve("there"), elsewhere);              // no loop: followed
        Files.createSymbolicLink(root.resolve("there-again"), elsewhere);        // the same folder twice, as batch
        assertThat(ImageFiles.listImageFiles(root.getParent().toString(), spark.sparkContext().hadoopConfiguration()))
                .extracting(f -> root.getParent().relativize(Path.of(f.getPath().toUri().getPath())).toString())
                .containsExactly("a/there-again/y.jpg", "a/there/y.jpg", "a/x.jpg");
    }

    @Test
    void listImages_aFolderThatCannotBeListed_failsTheListingWithItsReason() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("failing"));
        for (String sub : List.of("a", "b", "boom", "c")) {
            Files.write(Files.createDirectories(root.resolve(sub)).resolve("x.jpg"), new byte[0]);
        }
        withTestScheme(() -> assertThatThrownBy(() -> FerSpark.listImages(spark, "fertest://" + root))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("boom failed"));
    }

    /** Runs {@code body} with {@link SchemeFileSystem} registered in the session's Hadoop configuration only. */
    private static void withTestScheme(Runnable body) {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        conf.set("fs.fertest.impl", SchemeFileSystem.class.getName());
        conf.setBoolean("fs.fertest.impl.disable.cache", true);
        try {
            body.run();
        } finally {
            conf.unset("fs.fertest.impl");
            conf.unset("fs.fertest.impl.disable.cache");
        }
    }

    /**
     * The local file system under another scheme, known only to the session's Hadoop configuration; it fails to list
     * any folder named {@code boom}, as a flaky object store would.
     */
    public static final class SchemeFileSystem extends org.apache.hadoop.fs.RawLocalFileSystem {
        @Override
        public String getScheme() {
            return "fertest";
        }

        @Override
        public java.net.URI getUri() {
            return java.net.URI.create("fertest:///");
        }

        @Override
        public org.apache.hadoop.fs.FileStatus[] listStatus(org.apache.hadoop.fs.Path f) throws IOException {
            if (f.getName().equals("boom")) {
                throw new IOException("listing " + f + " failed");
            }
            return super.listStatus(f);
        }
    }

    @Test
    void executorsReadWithTheSessionsHadoopConfiguration() {
        withTestScheme(() -> {
            String single = "fertest://" + input.resolve("single").toAbsolutePath();
            Dataset<Row> paths = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(
                    single + "/obama.jpg")), new org.apache.spark.sql.types.StructType().add("path", "string"));
            assertRowsMatch("obama.jpg", FerSpark.analyzeImagePaths(paths, "path", CONFIG).collectAsList(),
                    expected.get("obama.jpg"));
            List<Row> read = FerSpark.readImages(spark, single).collectAsList();
            assertThat(read).hasSize(3).allSatisfy(r -> {
                assertThat(r.getString(0)).startsWith("fertest:/");
                assertThat((byte[]) r.get(3)).as(r.getString(0)).isNotEmpty();
            });
        });
    }

    @Test
    void imageGlob_matchesEveryExtensionInAnyCase() {
        assertThat(FerSpark.IMAGE_GLOB).startsWith("*.{[jJ][pP][gG],[jJ][pP][eE][gG],[pP][nN][gG],");
        org.apache.hadoop.fs.GlobFilter filter;
        try {
            filter = new org.apache.hadoop.fs.GlobFilter(FerSpark.IMAGE_GLOB);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String name : List.of("a.jpg", "b.JPG", "c.Jpeg", "d.pNg", "e.TiFf", "f.tif", "g.GIF", "h.bmp")) {
            assertThat(filter.accept(new org.apache.hadoop.fs.Path("/x/" + name))).as(name).isTrue();
        }
        for (String name : List.of("a.jpgx", "b.txt", "c.webp", "jpg", "d.jp")) {
            assertThat(filter.accept(new org.apache.hadoop.fs.Path("/x/" + name))).as(name).isFalse();
        }
    }

    static void assertRowsMatch(String file, List<Row> rows, AnalysisResult result) {
        assertThat(rows).as(file).isNotNull();
        rows = rows.stream().sorted(Comparator.comparing(r -> r.<Integer>getAs("face_index"),
                Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        if (result.faces().isEmpty()) {
            assertThat(rows).as(file).hasSize(1);
            assertThat(rows.get(0).<Object>getAs("face_index")).as(file).isNull();
            assertThat(rows.get(0).<Object>getAs("error")).as(file).isNull();
            assertThat(rows.get(0).<Integer>getAs("width")).as(file).isEqualTo(result.width());
            return;
        }
        assertThat(rows).as(file).hasSize(result.faces().size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            FaceAnalysis f = result.faces().get(i);
            String what = file + " face " + i;
            assertThat(r.<Integer>getAs("face_index")).as(what).isEqualTo(i);
            assertThat(r.<Integer>getAs("width")).as(what).isEqualTo(result.width());
            assertThat(r.<Integer>getAs("height")).as(what).isEqualTo(result.height());
            assertThat(new float[] {r.getAs("x1"), r.getAs("y1"), r.getAs("x2"), r.getAs("y2"), r.getAs("score")})
                    .as(what).containsExactly(f.detection().box().x1(), f.detection().box().y1(),
                            f.detection().box().x2(), f.detection().box().y2(), f.detection().score());
            List<Row> lm = r.getList(r.fieldIndex("landmarks"));
            List<Point> points = f.detection().landmarks().orElseThrow().points();
            assertThat(lm).as(what).hasSize(points.size());
            for (int k = 0; k < points.size(); k++) {
                assertThat(lm.get(k).getFloat(0)).isEqualTo(points.get(k).x());
                assertThat(lm.get(k).getFloat(1)).isEqualTo(points.get(k).y());
            }
            for (Emotion e : Emotion.values()) {
                assertThat(r.<Float>getAs(e.jsonName())).as(what + " " + e)
                        .isEqualTo(f.emotions().orElseThrow().get(e).orElse(null));
            }
            assertThat(r.<String>getAs("dominant")).as(what).isEqualTo(f.dominant().orElseThrow().jsonName());
            assertThat(r.<String>getAs("detector_sha256")).isEqualTo(result.detector().sha256());
            assertThat(r.<String>getAs("classifier_id")).isEqualTo(result.classifier().orElseThrow().id());
            assertThat(r.<String>getAs("classifier_sha256")).isEqualTo(result.classifier().orElseThrow().sha256());
            assertThat(r.<Object>getAs("error")).isNull();
        }
    }

    @Test
    void sqlFunction_returnsFaceStructsPerImage_nullForUndecodableContent() {
        FerSpark.registerFunctions(spark, CONFIG);
        FerSpark.readImages(spark, input.toString()).createOrReplaceTempView("images");
        List<Row> rows = spark.sql("SELECT path, fer_analyze(content) AS faces FROM images").collectAsList();
        assertThat(rows).hasSize(expected.size() + 1);
        for (Row r : rows) {
            String file = Path.of(r.getString(0)).getFileName().toString();
            if (file.equals("broken.jpg")) {
                assertThat(r.isNullAt(1)).isTrue();
                continue;
            }
            AnalysisResult result = expected.get(file);
            List<Row> faces = r.getList(1);
            assertThat(faces).as(file).hasSize(result.faces().size());
            for (int i = 0; i < faces.size(); i++) {
                assertThat(faces.get(i).<Float>getAs("score")).isEqualTo(result.faces().get(i).detection().score());
                assertThat(faces.get(i).<String>getAs("dominant"))
                        .isEqualTo(result.faces().get(i).dominant().orElseThrow().jsonName());
            }
        }
        long happy = spark.sql("SELECT count(*) FROM images LATERAL VIEW explode(fer_analyze(content)) AS face "
                + "WHERE face.dominant = 'happy'").first().getLong(0);
        long expectedHappy = expected.values().stream().flatMap(r -> r.faces().stream())
                .filter(f -> f.dominant().orElseThrow() == Emotion.HAPPY).count();
        assertThat(happy).isEqualTo(expectedHappy).isPositive();
        assertThat(ExecutorPipelines.created(CONFIG)).isEqualTo(1);
    }

    @Test
    void analyzeImagePaths_readsEachFile_missingOrHugeFileGivesErrorRow() throws IOException {
        String obama = input.resolve("single/obama.jpg").toString();
        String missing = input.resolve("missing.jpg").toString();
        Dataset<Row> paths = spark.createDataset(List.of(obama, missing), Encoders.STRING()).toDF("file");
        List<Row> rows = FerSpark.analyzeImagePaths(paths, "file", CONFIG).collectAsList();
        Map<String, List<Row>> byPath = rows.stream().collect(Collectors.groupingBy(r -> r.getAs("path")));
        assertRowsMatch("obama.jpg", byPath.get(obama), expected.get("obama.jpg"));
        assertThat(byPath.get(missing)).singleElement().satisfies(r ->
                assertThat(r.<String>getAs("error")).startsWith("FileNotFoundException").contains("missing.jpg"));

        // Over a Java array's limit (a sparse file: nothing is written or read): an error row, not a failed task.
        Path huge = tmp.resolve("huge.jpg");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        List<Row> hugeRows = FerSpark.analyzeImagePaths(spark.createDataset(List.of(huge.toString()),
                Encoders.STRING()).toDF("file"), "file", CONFIG).collectAsList();
        assertThat(hugeRows).singleElement().satisfies(r -> assertThat(r.<String>getAs("error"))
                .startsWith("IOException").contains("3221225472 bytes").contains("at most 2147483639"));
        Files.delete(huge);
        assertThat(ExecutorPipelines.created(CONFIG)).isEqualTo(1);
    }

    @Test
    void analyzeVideos_everyNthFrame_tracksAndSmoothingOfTheRunner_rawEmotionsMatchPipelineOnTheSameFrames() {
        Path video = SharedAssets.video();
        Path bogus;
        try {
            bogus = Files.writeString(tmp.resolve("bogus.mp4"), "not a video");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // The first 40 % of the clip's bytes: the header declares 150 frames, the data ends earlier.
        Path truncated = tmp.resolve("truncated.mp4");
        try {
            byte[] clip = Files.readAllBytes(video);
            Files.write(truncated, java.util.Arrays.copyOf(clip, clip.length * 2 / 5));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Dataset<Row> videos = spark.createDataset(List.of(video.toString(), bogus.toString(), truncated.toString()),
                Encoders.STRING()).toDF("file");
        List<Row> rows = FerSpark.analyzeVideos(videos, "file", CONFIG, 10).collectAsList();

        // A file that fails part-way keeps the rows of the frames before and ends with one error row.
        List<Row> cut = rows.stream().filter(r -> r.getAs("path").equals(truncated.toString())).toList();
        assertThat(cut).last().satisfies(r -> {
            assertThat(r.<String>getAs("error")).contains("declared frames");
            assertThat(r.<Long>getAs("frame_index")).isBetween(1L, 149L);
        });
        assertThat(cut.subList(0, cut.size() - 1)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.<Object>getAs("error")).isNull();
            assertThat(r.<Long>getAs("frame_index") % 10).isZero();
            assertThat(r.<Long>getAs("frame_index")).isLessThan(cut.get(cut.size() - 1).<Long>getAs("frame_index"));
        });
        assertThat(spark.createDataFrame(rows, FerSpark.videoSchema()).schema()).isEqualTo(FerSpark.videoSchema());

        List<Row> bad = rows.stream().filter(r -> r.getAs("path").equals(bogus.toString())).toList();
        assertThat(bad).singleElement().satisfies(r -> {
            assertThat(r.<String>getAs("error")).isNotBlank();
            assertThat(r.<Object>getAs("frame_index")).isNull();
            assertThat(r.<Object>getAs("track_id")).isNull();
        });

        List<Row> good = rows.stream().filter(r -> r.getAs("path").equals(video.toString())).toList();
        assertThat(good).allSatisfy(r -> assertThat(r.<Object>getAs("error")).isNull());
        Map<Long, List<Row>> byFrame = good.stream().collect(Collectors.groupingBy(r -> r.getAs("frame_index")));
        // 150 frames at 20 fps: frames 0, 10, ..., 140.
        assertThat(byFrame.keySet()).containsExactlyInAnyOrderElementsOf(
                Stream.iterate(0L, i -> i < 150, i -> i + 10).toList());

        // The same runner settings in this JVM: the rows are its frames 0, 10, 20, ...
        List<FrameResult> local = new ArrayList<>();
        try (GrabberSource source = VideoSources.file(video)) {
            StreamRunner.builder(reference).workers(1).detectEvery(10).build().run(source, r -> {
                if (r.index() % 10 == 0) {
                    local.add(r);
                }
            });
        }
        assertThat(local).hasSize(15);
        int faces = 0;
        for (FrameResult f : local) {
            List<Row> frameRows = byFrame.get(f.index()).stream().sorted(Comparator.comparing(
                    r -> r.<Integer>getAs("face_index"), Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
            assertThat(frameRows.get(0).<Double>getAs("time_s")).isCloseTo(f.index() / 20.0,
                    org.assertj.core.data.Offset.offset(1e-6));
            // Raw columns: what the single-JVM pipeline gives for the same decoded frame.
            AnalysisResult result = reference.analyze(f.image());
            assertRowsMatch("frame " + f.index(), frameRows, result);
            faces += result.faces().size();
            // Track and smoothed columns: what the runner gives.
            assertThat(frameRows).hasSize(Math.max(1, f.faces().size()));
            for (int i = 0; i < f.faces().size(); i++) {
                TrackedFace t = f.faces().get(i);
                Row r = frameRows.get(i);
                String what = "frame " + f.index() + " face " + i;
                assertThat(r.<Long>getAs("track_id")).as(what).isEqualTo(t.confirmed() ? (long) t.trackId() : null);
                for (Emotion e : Emotion.values()) {
                    assertThat(r.<Float>getAs("smoothed_" + e.jsonName())).as(what + " " + e)
                            .isEqualTo(t.smoothed().orElseThrow().get(e).orElse(null));
                }
                assertThat(r.<String>getAs("smoothed_dominant")).as(what)
                        .isEqualTo(t.smoothedDominant().orElseThrow().jsonName());
            }
        }
        assertThat(faces).isPositive();

        // The clip: five faces in frames 0-29, then cuts to other photos (README beside the clip).
        Set<Long> first = trackIds(byFrame, 0L);
        assertThat(first).hasSize(5).doesNotContainNull();
        assertThat(trackIds(byFrame, 10L)).isEqualTo(first);
        assertThat(trackIds(byFrame, 20L)).isEqualTo(first);
        Set<Long> second = trackIds(byFrame, 30L);
        assertThat(second).hasSize(1).doesNotContainNull().doesNotContainAnyElementsOf(first);
        assertThat(trackIds(byFrame, 40L)).isEqualTo(second);
        assertThat(trackIds(byFrame, 50L)).isEqualTo(second);
        assertThat(trackIds(byFrame, 60L)).hasSize(1).doesNotContainAnyElementsOf(first)
                .doesNotContainAnyElementsOf(second);
        // The no-face stretch: one row per frame with null face and track columns.
        assertThat(byFrame.get(130L)).singleElement().satisfies(r -> {
            assertThat(r.<Object>getAs("face_index")).isNull();
            assertThat(r.<Object>getAs("track_id")).isNull();
            assertThat(r.<Object>getAs("smoothed_dominant")).isNull();
        });
        // Smoothing followed the frames between the rows: somewhere the smoothed scores differ from the raw ones.
        assertThat(good).filteredOn(r -> r.getAs("face_index") != null)
                .anySatisfy(r -> assertThat(r.<Float>getAs("smoothed_happy")).isNotEqualTo(r.<Float>getAs("happy")));
        assertThat(ExecutorPipelines.created(CONFIG)).isEqualTo(1);
    }

    private static Set<Long> trackIds(Map<Long, List<Row>> byFrame, long frame) {
        Set<Long> ids = new java.util.HashSet<>();
        byFrame.get(frame).forEach(r -> ids.add(r.getAs("track_id")));
        return ids;
    }

    @Test
    void fittedHeadFile_onExecutors_matchesSingleJvmPipelineWithTheSameHead_alsoWhenShippedLikeFiles() {
        // A head fitted here on the five labeled shared photos (one per class, with mirrors).
        Path labeled = SharedAssets.root().resolve("images/labeled");
        HeadModel head;
        try (HeadFitter fitter = HeadFitter.create(TrainingOptions.defaults(), ExecutionOptions.defaults(),
                CONFIG.repository())) {
            head = fitter.fit(fitter.extract(LabeledFaces.scan(labeled, Map.of()), labeled));
        }
        Path file = tmp.resolve("heads").resolve("spark-test.ferhead");
        head.write(file);
        PipelineConfig withHead = CONFIG.toBuilder().classifier(file.toString()).build();
        assertThat(withHead.classifierIsHeadFile()).isTrue();

        Dataset<Row> files = FerSpark.readImages(spark, input.resolve("multi").toString());
        List<Row> rows = FerSpark.analyzeImages(files, withHead).collectAsList();
        Map<String, List<Row>> byFile = rows.stream().collect(Collectors.groupingBy(
                r -> Path.of(r.<String>getAs("path")).getFileName().toString()));
        assertThat(byFile).hasSize(3);
        try (EmotionPipeline single = withHead.pipelineBuilder().build()) {
            for (String name : byFile.keySet()) {
                AnalysisResult expectedResult = single.analyze(input.resolve("multi").resolve(name));
                assertThat(expectedResult.classifier().orElseThrow().id()).isEqualTo("spark-test.ferhead");
                assertRowsMatch(name, byFile.get(name), expectedResult);
            }
        }
        assertThat(rows).filteredOn(r -> r.getAs("face_index") != null).isNotEmpty()
                .allSatisfy(r -> assertThat(r.<String>getAs("classifier_id")).isEqualTo("spark-test.ferhead"));
        assertThat(ExecutorPipelines.created(withHead)).isEqualTo(1);

        // The job with --classifier HEAD_FILE.
        Path jobOut = tmp.resolve("job-head");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int status = AnalyzeImages.run(new String[] {"--input", input.resolve("single").toString(), "--output",
                jobOut.toString(), "--format", "json", "--classifier", file.toString(), "--model-mirror",
                SharedAssets.models().toString()}, quiet, new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(status).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(jsonLines(jobOut)).hasSize(3).allSatisfy(l -> assertThat(l)
                .contains("\"classifier_id\":\"spark-test.ferhead\"")
                .contains("\"classifier_sha256\":\"" + rows.get(0).<String>getAs("classifier_sha256") + "\""));

        // Shipped as with spark-submit --files: the config names only the file, which is not in the working folder.
        Path shippedCopy = tmp.resolve("ship").resolve("spark-shipped.ferhead");
        try {
            Files.createDirectories(shippedCopy.getParent());
            Files.copy(file, shippedCopy);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(Path.of("spark-shipped.ferhead")).doesNotExist();
        spark.sparkContext().addFile(shippedCopy.toString());
        PipelineConfig shipped = CONFIG.toBuilder().classifier("spark-shipped.ferhead").build();
        String two = input.resolve("multi/two_people.jpg").toString();
        List<Row> shippedRows = FerSpark.analyzeImagePaths(
                spark.createDataset(List.of(two), Encoders.STRING()).toDF("file"), "file", shipped).collectAsList();
        List<Row> headRows = byFile.get("two_people.jpg");
        assertThat(shippedRows).hasSameSizeAs(headRows).isNotEmpty();
        for (Row r : shippedRows) {
            Row same = headRows.stream().filter(h -> h.getAs("face_index").equals(r.getAs("face_index")))
                    .findFirst().orElseThrow();
            for (Emotion e : Emotion.values()) {
                assertThat(r.<Float>getAs(e.jsonName())).isEqualTo(same.<Float>getAs(e.jsonName()));
            }
            assertThat(r.<String>getAs("classifier_id")).isEqualTo("spark-shipped.ferhead");
            assertThat(r.<String>getAs("classifier_sha256")).isEqualTo(same.<String>getAs("classifier_sha256"));
        }
    }

    @Test
    void headFileMissingOnTheExecutor_failsWithWhereToPutIt() {
        PipelineConfig missing = CONFIG.toBuilder().classifier("nowhere/absent.ferhead").build();
        assertThatThrownBy(missing::pipelineBuilder)
                .isInstanceOf(dev.fer.onnx.HeadFileException.class).hasMessageContaining("absent.ferhead")
                .hasMessageContaining("--files");
    }

    @Test
    void analyzeImagesJob_writesJsonLines_withEveryColumn() throws IOException {
        Path out = tmp.resolve("job-json");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = AnalyzeImages.run(new String[] {"--input", input.resolve("single").toString(), "--output",
                out.toString(), "--format", "json", "--model-mirror", SharedAssets.models().toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(status).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("3 images: 3 faces, 0 errors;")
                .containsPattern("\\(first task after \\d+\\.\\d s of listing and planning; tasks \\d+\\.\\d s, "
                        + "\\d+\\.\\d\\d images/s\\)");
        assertThat(jsonLines(out)).hasSize(3).allSatisfy(l -> {
            for (String column : FerSpark.imageSchema().fieldNames()) {
                assertThat(l).contains("\"" + column + "\":");
            }
        });
        assertThat(spark.sparkContext().isStopped()).as("the job leaves a session it did not create running")
                .isFalse();
    }

    @Test
    void analyzeImagesJob_countsEveryFileAsBatchDoes_missingInputExitsWithOne() throws IOException {
        Path out = tmp.resolve("job-listing");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        int status = AnalyzeImages.run(new String[] {"--input", listingFolder().toString(), "--output",
                out.toString(), "--format", "json", "--model-mirror", SharedAssets.models().toString()}, o, e);
        assertThat(status).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("4 images: 3 faces, 1 errors;");
        assertThat(jsonLines(out)).hasSize(4).anySatisfy(l -> assertThat(l).contains("_DSC0001.JPG"));

        stderr.reset();
        assertThat(AnalyzeImages.run(new String[] {"--input", tmp.resolve("absent").toString(), "--output",
                tmp.resolve("job-absent").toString()}, o, e)).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("AnalyzeImages: No such file or folder")
                .doesNotContain("Exception");
        stderr.reset();
        assertThat(AnalyzeImages.run(new String[] {"--input", "", "--output", tmp.resolve("job-empty").toString()},
                o, e)).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("AnalyzeImages: The input is empty");

        // The output: already there (the first run's), then under a file.
        String[] again = {"--input", listingFolder().toString(), "--output", out.toString(), "--model-mirror",
            SharedAssets.models().toString()};
        stderr.reset();
        assertThat(AnalyzeImages.run(again, o, e)).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("AnalyzeImages: " + out
                + " already exists; add --overwrite to replace it." + System.lineSeparator());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        stderr.reset();
        assertThat(AnalyzeImages.run(new String[] {"--input", listingFolder().toString(), "--output",
                file.resolve("sub").toString()}, o, e)).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("AnalyzeImages: the job writing to ")
                .contains("not a directory");
        assertThat(tmp.resolve("job-absent")).doesNotExist();
    }

    private static List<String> jsonLines(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void analyzeImagesJob_rejectsUnknownFormatAndDetector() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(AnalyzeImages.run(new String[] {"--input", "x", "--output", "y", "--format", "csv"}, o, e))
                .isEqualTo(2);
        assertThat(AnalyzeImages.run(new String[] {"--input", "x", "--output", "y", "--detector", "nope"}, o, e))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--format must be parquet or json")
                .contains("Unknown detector id 'nope'");
    }
}
