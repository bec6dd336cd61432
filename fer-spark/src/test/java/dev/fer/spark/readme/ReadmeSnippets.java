package dev.fer.spark.readme;

import dev.fer.spark.FerSpark;
import dev.fer.spark.PipelineConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The java blocks of README.md's "Scale out with Spark" section, compiled here so they cannot drift (checked by
 * fer-examples' {@code ReadmeSnippetsTest}). They name cluster storage ({@code s3a://}), so they are compiled, not
 * run; {@code FerSparkTest} runs the same calls on local files.
 */
final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    static void scaleOut(SparkSession spark, Dataset<Row> manifest, Dataset<Row> videos) {
        // tag::spark[]
        PipelineConfig config = PipelineConfig.builder().detector("yunet-2023mar").classifier("fer-mini-xception").build();
        Dataset<Row> faces = FerSpark.analyzeImages(FerSpark.readImages(spark, "s3a://bucket/photos/"), config);
        faces.write().parquet("s3a://bucket/faces/");                // one row per face

        FerSpark.registerFunctions(spark, config);                   // fer_analyze(content) → array<struct>
        spark.sql("SELECT path, face.dominant FROM images LATERAL VIEW explode(fer_analyze(content)) AS face");

        FerSpark.analyzeImagePaths(manifest, "path", config);        // a column of paths/URIs instead of binaryFile
        FerSpark.analyzeImagePaths(FerSpark.listImages(spark, "hdfs:///photos/"), "path", config); // as batch lists
        FerSpark.analyzeVideos(videos, "path", config, 10);          // every 10th frame, tracked; one file per task
        // end::spark[]
    }

    static void fittedHead(SparkSession spark) {
        // tag::spark-head[]
        // spark-submit --files /models/store-cams.ferhead ...   (or a path every executor mounts)
        PipelineConfig config = PipelineConfig.builder().classifier("store-cams.ferhead").build();
        FerSpark.analyzeImages(FerSpark.readImages(spark, "s3a://bucket/photos/"), config)
                .write().parquet("s3a://bucket/faces-store-cams/");  // classifier_id = store-cams.ferhead
        // end::spark-head[]
    }
}
