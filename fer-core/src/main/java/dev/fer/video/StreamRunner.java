package dev.fer.video;

import dev.fer.EmotionPipeline;
import dev.fer.track.SmoothingConfig;
import dev.fer.track.TrackerConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Analyses video and camera streams: frames in from a {@link FrameSource}, results out <b>in frame order</b>,
 * analysed by N worker threads that share one {@link EmotionPipeline}, through a bounded queue; faces tracked
 * across frames with stable ids and their emotions smoothed per track.
 *
 * <p><b>Thread safety:</b> a runner is immutable and thread-safe; it can start any number of runs, each with its
 * own threads and tracker. A {@link StreamRun} is consumed from one thread (see its javadoc). The runner never
 * closes the pipeline or the sources it is given.
 *
 * <pre>{@code
 * try (EmotionPipeline pipeline = EmotionPipeline.createDefault();
 *      FrameSource video = VideoSources.file(Path.of("meeting.mp4"))) {   // fer-video
 *     StreamRunner runner = StreamRunner.builder(pipeline).workers(2).build();
 *     StreamReport report = runner.run(video, frame -> {
 *         for (TrackedFace face : frame.faces()) {
 *             System.out.println(frame.index() + " #" + face.trackId() + " " + face.smoothedDominant().orElseThrow());
 *         }
 *     });
 *     report.tracks().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class StreamRunner {
    private final EmotionPipeline pipeline;
    private final int workers;
    private final FramePolicy policy;
    private final int queueCapacity;
    private final int detectEvery;
    private final TrackerConfig tracker;
    private final SmoothingConfig smoothing;

    private StreamRunner(Builder b, int capacity) {
        this.pipeline = b.pipeline;
        this.workers = b.workers;
        this.policy = b.policy;
        this.queueCapacity = capacity;
        this.detectEvery = b.detectEvery;
        this.tracker = b.tracker;
        this.smoothing = b.smoothing;
    }

    /**
     * A builder with every setting at its default.
     *
     * @param pipeline the pipeline the workers share; the runner never closes it
     * @return the builder
     */
    public static Builder builder(EmotionPipeline pipeline) {
        return new Builder(pipeline);
    }

    /**
     * Starts a run: its threads begin reading the source at once. Consume the results in order with
     * {@link StreamRun#hasNext()} / {@link StreamRun#next()} and close the run (try-with-resources).
     *
     * @param source where the frames come from; not closed by the run
     * @return the running stream
     */
    public StreamRun start(FrameSource source) {
        return new StreamRun(this, Objects.requireNonNull(source, "source"));
    }

    /**
     * Runs a whole stream on the calling thread: the callback gets every result in frame order on this thread,
     * and the call returns when the source ends. To cancel a stream from another thread, use
     * {@link #start(FrameSource)} and close the {@link StreamRun}.
     *
     * @param source where the frames come from; not closed by the run
     * @param callback called once per result, in frame order, on the calling thread
     * @return the counters and per-track summaries
     * @throws StreamCallbackException when the callback throws; the run is stopped first
     * @throws FrameSourceException when the source fails, after every frame read before was delivered
     * @throws dev.fer.InferenceException when analysing a frame fails
     */
    public StreamReport run(FrameSource source, Consumer<? super FrameResult> callback) {
        Objects.requireNonNull(callback, "callback");
        StreamRun run = start(source);
        try {
            while (run.hasNext()) {
                FrameResult r = run.next();
                try {
                    callback.accept(r);
                } catch (RuntimeException | Error e) {
                    run.close(); // every thread of the run has ended before the error is thrown
                    throw new StreamCallbackException(r.index(), e);
                }
            }
            return run.report();
        } finally {
            run.close();
        }
    }

    EmotionPipeline pipeline() {
        return pipeline;
    }

    /**
     * Number of worker threads.
     *
     * @return at least 1
     */
    public int workers() {
        return workers;
    }

    /**
     * The frame policy.
     *
     * @return the policy
     */
    public FramePolicy policy() {
        return policy;
    }

    /**
     * How many frames may wait for a worker.
     *
     * @return at least 1
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * The detector runs on every k-th frame; frames between are classified on boxes predicted by the tracker.
     *
     * @return k, at least 1
     */
    public int detectEvery() {
        return detectEvery;
    }

    /**
     * The tracker settings.
     *
     * @return the settings
     */
    public TrackerConfig trackerConfig() {
        return tracker;
    }

    /**
     * The smoothing settings.
     *
     * @return the settings
     */
    public SmoothingConfig smoothing() {
        return smoothing;
    }

    /**
     * Builds a {@link StreamRunner}. Not thread-safe. Defaults: 2 workers, {@link FramePolicy#EVERY_FRAME}, queue
     * capacity 2 × workers for {@code EVERY_FRAME} and 1 for {@code LATEST_FRAME}, detection on every frame,
     * {@link TrackerConfig#defaults()}, {@link SmoothingConfig#defaults()}.
     */
    public static final class Builder {
        private final EmotionPipeline pipeline;
        private int workers = 2;
        private FramePolicy policy = FramePolicy.EVERY_FRAME;
        private int queueCapacity;
        private int detectEvery = 1;
        private TrackerConfig tracker = TrackerConfig.defaults();
        private SmoothingConfig smoothing = SmoothingConfig.defaults();

        private Builder(EmotionPipeline pipeline) {
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        }

        /**
         * Worker threads sharing the pipeline. Default 2.
         *
         * @param n 1 to 64
         * @return this builder
         */
        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        /**
         * What to do when frames arrive faster than they are analysed. Default {@link FramePolicy#EVERY_FRAME}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(FramePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Frames that may wait for a worker. Default 2 × workers for {@code EVERY_FRAME}, 1 for
         * {@code LATEST_FRAME} (lowest latency).
         *
         * @param frames at least 1
         * @return this builder
         */
        public Builder queueCapacity(int frames) {
            this.queueCapacity = frames;
            if (frames < 1) {
                this.queueCapacity = -1;
            }
            return this;
        }

        /**
         * Run the detector on every k-th frame only; the frames between are classified on the boxes the tracker
         * predicts (constant velocity), which saves the detector's time. Default 1: detect on every frame.
         *
         * @param k at least 1
         * @return this builder
         */
        public Builder detectEvery(int k) {
            this.detectEvery = k;
            return this;
        }

        /**
         * Tracker settings. Default {@link TrackerConfig#defaults()}.
         *
         * @param config the settings
         * @return this builder
         */
        public Builder tracker(TrackerConfig config) {
            this.tracker = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Emotion smoothing per track. Default {@link SmoothingConfig#defaults()}.
         *
         * @param config the settings, {@link SmoothingConfig#off()} for raw per-frame emotions
         * @return this builder
         */
        public Builder smoothing(SmoothingConfig config) {
            this.smoothing = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Validates the settings together and returns the runner.
         *
         * @return the runner
         * @throws IllegalArgumentException when a setting is out of range
         */
        public StreamRunner build() {
            if (workers < 1 || workers > 64) {
                throw new IllegalArgumentException("workers must be between 1 and 64, got " + workers + ".");
            }
            if (queueCapacity < 0) {
                throw new IllegalArgumentException("queueCapacity must be at least 1 frame.");
            }
            if (detectEvery < 1) {
                throw new IllegalArgumentException("detectEvery must be at least 1 (1: detect on every frame), got "
                        + detectEvery + ".");
            }
            int capacity = queueCapacity > 0 ? queueCapacity : policy == FramePolicy.EVERY_FRAME ? 2 * workers : 1;
            return new StreamRunner(this, capacity);
        }
    }
}
