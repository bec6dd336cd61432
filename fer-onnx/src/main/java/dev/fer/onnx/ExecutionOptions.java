package dev.fer.onnx;

import dev.fer.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How ONNX Runtime runs a model: the device, the thread counts, whether idle worker threads spin, and how much the
 * graph is optimised at load time. Immutable and thread-safe; one instance can be shared by any number of sessions
 * (its {@link Builder} is not thread-safe).
 *
 * <p>Build one with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>The defaults come from measurements on small (2-core) machines running a detector and a classifier one after
 * the other: a few intra-op threads, one inter-op thread and no spinning. With spinning on, the idle worker threads
 * of one session busy-wait and starve the threads of the next session (a 1-face pipeline took 63 ms with spinning
 * and 28 ms without). Measure before changing them.
 */
public final class ExecutionOptions {
    /** The largest thread count accepted for either thread pool. */
    public static final int MAX_THREADS = 256;

    private static final ExecutionOptions DEFAULTS = builder().build();

    /**
     * How much ONNX Runtime rewrites the graph when it loads a model. Higher levels load a little slower and run
     * faster; results agree to floating-point rounding.
     */
    public enum OptimizationLevel {
        /** No graph optimisation; useful only to rule the optimiser out when debugging. */
        NONE,
        /** Semantics-preserving rewrites such as constant folding and redundant-node removal. */
        BASIC,
        /** {@link #BASIC} plus operator fusions. */
        EXTENDED,
        /** Every optimisation, including memory-layout changes; the default. */
        ALL
    }

    private final Device device;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final boolean allowSpinning;
    private final OptimizationLevel optimizationLevel;
    private final boolean adaptiveThreads;

    private ExecutionOptions(Builder b) {
        this.device = b.device;
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.allowSpinning = b.allowSpinning;
        this.optimizationLevel = b.optimizationLevel;
        this.adaptiveThreads = b.adaptiveThreads;
    }

    /**
     * The default options: CPU, {@link #defaultIntraOpThreads()} intra-op threads, 1 inter-op thread, no spinning,
     * {@link OptimizationLevel#ALL}.
     *
     * @return the shared default instance
     */
    public static ExecutionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder holding the defaults listed on each setter.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this instance's values, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .device(device)
                .intraOpThreads(intraOpThreads)
                .interOpThreads(interOpThreads)
                .allowSpinning(allowSpinning)
                .optimizationLevel(optimizationLevel)
                .adaptiveThreads(adaptiveThreads);
    }

    /**
     * The default intra-op thread count: the number of available processors, at most 4. More threads rarely help
     * the small vision models fer-java runs and cost other sessions and the application their cores.
     *
     * @return {@code min(Runtime.availableProcessors(), 4)}, at least 1
     */
    public static int defaultIntraOpThreads() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    }

    /**
     * The device models run on.
     *
     * @return the device
     */
    public Device device() {
        return device;
    }

    /**
     * Threads one operator may use.
     *
     * @return at least 1
     */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /**
     * Threads that run independent operators in parallel.
     *
     * @return at least 1
     */
    public int interOpThreads() {
        return interOpThreads;
    }

    /**
     * Whether idle ONNX Runtime worker threads spin (busy-wait) instead of sleeping.
     *
     * @return {@code true} when spinning is allowed
     */
    public boolean allowSpinning() {
        return allowSpinning;
    }

    /**
     * The graph optimisation level.
     *
     * @return the level
     */
    public OptimizationLevel optimizationLevel() {
        return optimizationLevel;
    }

    /**
     * Whether a session picks its intra-op threads from how it is called (see {@link Builder#adaptiveThreads}).
     *
     * @return {@code true} when adaptive (the default)
     */
    public boolean adaptiveThreads() {
        return adaptiveThreads;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionOptions other
                && device.equals(other.device)
                && intraOpThreads == other.intraOpThreads
                && interOpThreads == other.interOpThreads
                && allowSpinning == other.allowSpinning
                && optimizationLevel == other.optimizationLevel
                && adaptiveThreads == other.adaptiveThreads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, intraOpThreads, interOpThreads, allowSpinning, optimizationLevel,
                adaptiveThreads);
    }

    @Override
    public String toString() {
        return "ExecutionOptions[device=" + device + ", intraOpThreads=" + intraOpThreads + ", interOpThreads="
                + interOpThreads + ", allowSpinning=" + allowSpinning + ", optimizationLevel=" + optimizationLevel
                + ", adaptiveThreads=" + adaptiveThreads + "]";
    }

    /**
     * Builds {@link ExecutionOptions}. Setters accept any value; {@link #build()} checks them all together.
     *
     * <p>Not thread-safe: confine a builder to one thread.
     */
    public static final class Builder {
        private Device device = Device.CPU;
        private int intraOpThreads = defaultIntraOpThreads();
        private int interOpThreads = 1;
        private boolean allowSpinning = false;
        private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;
        private boolean adaptiveThreads = true;

        private Builder() {
        }

        /**
         * Sets whether a CPU session chooses its intra-op threads from how it is called. Default: {@code true}
         * (measured, see the README's "Threads and throughput").
         *
         * <p>The rule: once calls overlap (several threads share one detector, classifier or pipeline: a thread
         * pool, video workers, a JMH run with {@code -t 2}) the session runs them on a second, single-threaded ONNX
         * Runtime session of the same model, opened the first time it is needed, so N callers use N cores instead of
         * N × intraOpThreads threads fighting over them; it goes back to the rule for lone calls after one second
         * without overlap. A call that runs alone uses {@link #intraOpThreads(int)} threads for the first few calls
         * of an input shape; after that, lone calls of that shape alternate between the two sessions for a few
         * timed calls, and the faster one (by median; the multi-threaded one only when at least 5 % faster) runs
         * every later lone call of that shape: a small model on a small input often runs faster on one thread,
         * since waking the other threads for every operator costs more than they save. Both sessions run the same
         * model (the default pipeline's results were identical on both in the tests). With
         * {@code intraOpThreads = 1} or a CUDA device there is nothing to adapt. {@code false} keeps
         * {@code intraOpThreads} for every call.
         *
         * @param adaptive {@code true} to adapt
         * @return this builder
         */
        public Builder adaptiveThreads(boolean adaptive) {
            this.adaptiveThreads = adaptive;
            return this;
        }

        /**
         * Sets the device. Default: {@link Device#CPU}. {@link Device#cuda(int)} fails at model load with
         * {@link dev.fer.ProviderUnavailableException} when CUDA cannot be used; {@link Device#AUTO} tries CUDA
         * device 0 and falls back to the CPU.
         *
         * @param device the device, not {@code null}
         * @return this builder
         */
        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets the number of threads one operator may use. Default: {@link #defaultIntraOpThreads()}, that is the
         * number of available processors, at most 4. Must be between 1 and {@link #MAX_THREADS}.
         *
         * @param threads the thread count
         * @return this builder
         */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * Sets the number of threads that run independent operators in parallel. Default: 1, which is right for
         * the sequential graphs of vision models. Must be between 1 and {@link #MAX_THREADS}.
         *
         * @param threads the thread count
         * @return this builder
         */
        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        /**
         * Sets whether idle worker threads spin instead of sleeping. Default: {@code false}. Spinning shaves
         * microseconds off a lone session's latency but, with several sessions or other busy threads on few cores,
         * spinning threads starve the ones doing work (measured: 63 ms instead of 28 ms per frame for a two-model
         * pipeline on 2 cores).
         *
         * @param allowSpinning {@code true} to let idle threads spin
         * @return this builder
         */
        public Builder allowSpinning(boolean allowSpinning) {
            this.allowSpinning = allowSpinning;
            return this;
        }

        /**
         * Sets the graph optimisation level. Default: {@link OptimizationLevel#ALL}.
         *
         * @param level the level, not {@code null}
         * @return this builder
         */
        public Builder optimizationLevel(OptimizationLevel level) {
            this.optimizationLevel = level;
            return this;
        }

        /**
         * Checks every field and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException naming every invalid field, in one message
         */
        public ExecutionOptions build() {
            List<String> problems = new ArrayList<>();
            if (device == null) {
                problems.add("device must not be null (use Device.CPU, Device.cuda(id) or Device.AUTO)");
            }
            if (intraOpThreads < 1 || intraOpThreads > MAX_THREADS) {
                problems.add("intraOpThreads must be between 1 and " + MAX_THREADS + ", got " + intraOpThreads
                        + (intraOpThreads == 0 ? " (0 would let ONNX Runtime take every core; set the count "
                        + "explicitly)" : ""));
            }
            if (interOpThreads < 1 || interOpThreads > MAX_THREADS) {
                problems.add("interOpThreads must be between 1 and " + MAX_THREADS + ", got " + interOpThreads);
            }
            if (optimizationLevel == null) {
                problems.add("optimizationLevel must not be null (the default is ALL)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid ExecutionOptions: " + String.join("; ", problems) + ".");
            }
            return new ExecutionOptions(this);
        }
    }
}
