/**
 * fer-java on Apache Spark: {@link dev.fer.spark.FerSpark} (DataFrame transforms for images and videos and the
 * {@code fer_analyze} SQL function), {@link dev.fer.spark.PipelineConfig} (the serialisable pipeline description
 * each executor JVM builds once) and the {@link dev.fer.spark.AnalyzeImages} job. Spark is a {@code provided}
 * dependency: the cluster brings it.
 *
 * <p>This module has no {@code module-info.java}: Spark's jars declare no module names, and names derived from
 * their file names (such as {@code spark-sql_2.13}) are not valid module names, so fer-spark runs on the class path
 * like Spark itself.
 */
package dev.fer.spark;
