package dev.fer.spark;

import dev.fer.EmotionPipeline;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipelines of this JVM (an executor, or the driver in local mode): one per distinct {@link PipelineConfig},
 * created on first use and reused by every task and partition that follows, closed when the JVM exits.
 *
 * <p><b>Thread safety:</b> safe to call from any number of task threads; a pipeline is created at most once per
 * config (concurrent first calls wait for the one that builds it), and pipelines are safe to share across threads.
 */
final class ExecutorPipelines {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorPipelines.class);
    private static final Map<PipelineConfig, EmotionPipeline> PIPELINES = new ConcurrentHashMap<>();
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final Map<PipelineConfig, AtomicInteger> CREATED_BY_CONFIG = new ConcurrentHashMap<>();

    static {
        Thread hook = new Thread(ExecutorPipelines::closeAll, "fer-spark-close-pipelines");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private ExecutorPipelines() {
    }

    /**
     * This JVM's pipeline for a config, built (models resolved through the repository, checksums verified) on the
     * first call.
     *
     * @param config the config
     * @return the shared pipeline; never close it
     * @throws dev.fer.FerException when a model cannot be resolved or loaded on this executor
     */
    static EmotionPipeline get(PipelineConfig config) {
        EmotionPipeline p = PIPELINES.get(config);
        return p != null ? p : PIPELINES.computeIfAbsent(config, ExecutorPipelines::create);
    }

    private static EmotionPipeline create(PipelineConfig config) {
        long t0 = System.nanoTime();
        EmotionPipeline p = config.pipelineBuilder().build();
        CREATED.incrementAndGet();
        CREATED_BY_CONFIG.computeIfAbsent(config, c -> new AtomicInteger()).incrementAndGet();
        LOG.info("fer-spark: built the pipeline for {} on this JVM in {} ms", config,
                (System.nanoTime() - t0) / 1_000_000);
        return p;
    }

    /**
     * How many pipelines this JVM has built so far (for tests and diagnostics).
     *
     * @return the count
     */
    static int created() {
        return CREATED.get();
    }

    /**
     * How many pipelines this JVM has built for one config (0 or 1 when reuse works).
     *
     * @param config the config
     * @return the count
     */
    static int created(PipelineConfig config) {
        AtomicInteger n = CREATED_BY_CONFIG.get(config);
        return n == null ? 0 : n.get();
    }

    private static void closeAll() {
        for (EmotionPipeline p : PIPELINES.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.warn("fer-spark: closing a pipeline failed at JVM exit", e);
            }
        }
        PIPELINES.clear();
    }
}
