package dev.fer.video;

import dev.fer.EmotionClassifier;
import dev.fer.FerException;
import dev.fer.InferenceException;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import dev.fer.track.FaceTracker;
import dev.fer.track.FrameSignature;
import dev.fer.track.Track;
import dev.fer.track.TrackedFace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running stream, started by {@link StreamRunner#start(FrameSource)}: an iterator over the results in frame
 * order.
 *
 * <p><b>Thread safety:</b> iterate from one thread. {@link #close()} may be called from any thread at any moment
 * (it cancels the run); it stops reading the source, lets the frames in analysis finish, and returns when every
 * thread of the run has ended; a consumer blocked in {@link #hasNext()} then sees the end of the stream. No frame
 * is read from the source after close. Close is idempotent.
 *
 * <p>Threads: one reader calls {@link FrameSource#next()}; {@link StreamRunner#workers()} workers analyse frames;
 * tracking and smoothing run on the consumer's thread, in frame order, inside {@link #hasNext()}. Memory is
 * bounded: at most {@code queueCapacity + workers} frames are read but not yet delivered.
 *
 * <p>Errors are delivered in order: every frame before a failure is delivered first, then {@code hasNext} throws
 * {@link FrameSourceException} (the source failed) or {@link InferenceException} (analysing a frame failed), and
 * the run is closed.
 */
public final class StreamRun implements Iterator<FrameResult>, AutoCloseable {
    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int DROPPED = 2;
    private static final Work DROPPED_WORK = new Work(null, List.of(), List.of(), false);

    private final EmotionClassifier classifier;
    private final StreamRunner runner;
    private final FrameSource source;
    private final int k;
    private final LinkedBlockingDeque<Job> input = new LinkedBlockingDeque<>();
    private final LinkedBlockingDeque<Job> pending = new LinkedBlockingDeque<>();
    private final Semaphore window;
    private final ConcurrentSkipListMap<Long, CompletableFuture<Optional<KeyFrame>>> snapshots =
            new ConcurrentSkipListMap<>();
    private final FaceTracker tracker;
    private final Thread reader;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object closeLock = new Object();
    private volatile boolean closed;
    private volatile Throwable sourceFailure;
    private long delivered;
    private FrameResult next;
    private boolean ended;

    StreamRun(StreamRunner runner, FrameSource source) {
        this.runner = runner;
        this.source = source;
        this.k = runner.detectEvery();
        this.classifier = runner.pipeline().classifier().orElse(null);
        this.window = new Semaphore(runner.queueCapacity() + runner.workers());
        this.tracker = new dev.fer.track.FaceTracker(runner.trackerConfig(), runner.smoothing());
        this.reader = new Thread(this::readLoop, "fer-stream-reader");
        reader.setDaemon(true);
        for (int i = 0; i < runner.workers(); i++) {
            Thread t = new Thread(this::workLoop, "fer-stream-worker-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
        }
        reader.start();
        workers.forEach(Thread::start);
    }

    /** A frame on its way through the run. */
    private static final class Job {
        final long index;
        final VideoFrame frame;
        final long arrival;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final CompletableFuture<Work> result = new CompletableFuture<>();

        Job(long index, VideoFrame frame, long arrival) {
            this.index = index;
            this.frame = frame;
            this.arrival = arrival;
        }
    }

    private static final Job END = new Job(-1, null, 0);

    /** A detected keyframe as the frames after it see it: its live tracks and its signature. */
    private record KeyFrame(List<Track> tracks, FrameSignature signature) {
    }

    /** What a worker found: detected faces, or faces on predicted boxes of the given tracks. */
    private record Work(FrameSignature signature, List<FaceAnalysis> faces, List<Track> tracks, boolean predicted) {
    }

    private boolean keyframe(long index) {
        return k > 1 && index % k == 0;
    }

    private void readLoop() {
        try {
            while (!closed) {
                Optional<VideoFrame> f;
                try {
                    f = source.next();
                } catch (RuntimeException | Error e) {
                    if (!closed) {
                        sourceFailure = e;
                    }
                    break;
                }
                if (f == null || f.isEmpty() || closed) {
                    break;
                }
                long index = read.getAndIncrement();
                Job job = new Job(index, f.get(), System.nanoTime());
                if (keyframe(index)) {
                    snapshots.put(index, new CompletableFuture<>());
                }
                if (runner.policy() == FramePolicy.EVERY_FRAME) {
                    window.acquire();
                } else if (!window.tryAcquire()) {
                    Job old = input.pollFirst();
                    if (old != null && old.state.compareAndSet(QUEUED, DROPPED)) {
                        drop(old); // its permit passes to the new frame
                    } else {
                        drop(job);
                        continue;
                    }
                }
                if (closed) {
                    window.release();
                    break;
                }
                pending.addLast(job);
                input.addLast(job);
            }
        } catch (InterruptedException e) {
            // close() interrupts a reader waiting for room
        } finally {
            pending.addLast(END);
            for (int i = 0; i < workers.size(); i++) {
                input.addLast(END);
            }
        }
    }

    private void drop(Job job) {
        dropped.incrementAndGet();
        pending.remove(job);
        job.result.complete(DROPPED_WORK);
        CompletableFuture<Optional<KeyFrame>> snap = snapshots.get(job.index);
        if (snap != null && keyframe(job.index)) {
            snap.complete(Optional.empty()); // frames after a dropped keyframe run the detector themselves
        }
    }

    private void workLoop() {
        while (true) {
            Job job;
            try {
                job = input.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            if (job == END) {
                return;
            }
            if (!job.state.compareAndSet(QUEUED, STARTED)) {
                continue;
            }
            try {
                job.result.complete(analyse(job));
            } catch (Throwable t) {
                job.result.completeExceptionally(t);
            }
        }
    }

    private Work analyse(Job job) throws InterruptedException, ExecutionException {
        FerImage image = job.frame.image();
        FrameSignature sig = runner.trackerConfig().cutThreshold() > 0 ? FrameSignature.of(image)
                : FrameSignature.ofSize(image.width(), image.height());
        if (k > 1 && !keyframe(job.index)) {
            CompletableFuture<Optional<KeyFrame>> snap = snapshots.get(job.index - job.index % k);
            Optional<KeyFrame> key = snap == null ? Optional.empty() : snap.get();
            double cut = runner.trackerConfig().cutThreshold();
            // A scene cut or size change since the keyframe: the tracks do not apply, detect instead.
            if (key.isPresent() && key.get().signature().sameSize(sig)
                    && !(cut > 0 && key.get().signature().distance(sig) > cut)) {
                return predicted(job, image, sig, key.get().tracks());
            }
        }
        AnalysisResult r = runner.pipeline().analyze(image);
        return new Work(sig, r.faces(), List.of(), false);
    }

    private Work predicted(Job job, FerImage image, FrameSignature sig, List<Track> tracks) {
        List<Track> kept = new ArrayList<>(tracks.size());
        List<Detection> boxes = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            Detection d = t.predict(job.index);
            BoundingBox clamped = d.box().clamp(image.width(), image.height());
            if (clamped.width() >= 2 && clamped.height() >= 2) {
                kept.add(t);
                boxes.add(new Detection(clamped, d.score(), d.landmarks(), clamped));
            }
        }
        List<FaceAnalysis> faces = new ArrayList<>(boxes.size());
        if (classifier == null || boxes.isEmpty()) {
            boxes.forEach(d -> faces.add(FaceAnalysis.detectionOnly(d)));
        } else {
            List<EmotionScores> scores = classifier.classifyAll(image, boxes);
            boolean aligns = classifier.alignsWithLandmarks();
            for (int i = 0; i < boxes.size(); i++) {
                faces.add(new FaceAnalysis(boxes.get(i), scores.get(i), aligns && boxes.get(i).hasLandmarks()));
            }
        }
        return new Work(sig, faces, kept, true);
    }

    /**
     * Waits for the next result in frame order.
     *
     * @return {@code true} when there is one; {@code false} at the end of the stream or after {@link #close()}
     * @throws FrameSourceException when the source failed (after every frame before the failure was delivered)
     * @throws InferenceException when analysing a frame failed
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        next = advance();
        return next != null;
    }

    /**
     * The next result in frame order.
     *
     * @return the result
     * @throws NoSuchElementException at the end of the stream
     */
    @Override
    public FrameResult next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The stream has ended" + (closed ? " (closed)." : "."));
        }
        FrameResult r = next;
        next = null;
        return r;
    }

    private FrameResult advance() {
        while (true) {
            Job job;
            try {
                job = pending.takeFirst();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                ended = true;
                return null;
            }
            if (job == END) {
                ended = true;
                Throwable failure = sourceFailure;
                if (failure != null && !closed) {
                    close();
                    if (failure instanceof FrameSourceException fse) {
                        throw new FrameSourceException(fse.getMessage(), fse.framesRead(), fse);
                    }
                    throw new FrameSourceException("Reading frame " + read.get() + " from the source failed after "
                            + read.get() + " frames: " + failure + ".", read.get(), failure);
                }
                return null;
            }
            Work work;
            try {
                work = job.result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                ended = true;
                return null;
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                boolean wasClosed = closed;
                close();
                ended = true;
                if (wasClosed) {
                    return null;
                }
                if (cause instanceof ExecutionException || cause instanceof CancellationException) {
                    return null;
                }
                String what = cause instanceof FerException ? cause.getMessage() : cause.toString();
                throw new InferenceException("Analysing frame " + job.index + " of the stream failed: " + what
                        + (what != null && what.endsWith(".") ? "" : ".") + " The run was stopped.", cause);
            }
            if (work == DROPPED_WORK) {
                continue;
            }
            window.release();
            if (closed) {
                ended = true;
                return null;
            }
            return deliver(job, work);
        }
    }

    private FrameResult deliver(Job job, Work work) {
        long index = job.index;
        Duration ts = job.frame.timestamp();
        List<TrackedFace> faces = work.predicted()
                ? tracker.updatePredicted(index, ts, work.tracks(), work.faces())
                : tracker.update(index, ts, work.signature(), work.faces());
        if (k > 1) {
            if (keyframe(index)) {
                CompletableFuture<Optional<KeyFrame>> snap = snapshots.get(index);
                if (snap != null) {
                    snap.complete(Optional.of(new KeyFrame(tracker.tracksHitLast(), work.signature())));
                }
            }
            snapshots.headMap(index - index % k).clear();
        }
        delivered++;
        return new FrameResult(index, ts, job.frame.image(), faces, !work.predicted(),
                Duration.ofNanos(System.nanoTime() - job.arrival));
    }

    /**
     * The counters so far.
     *
     * @return frames read, delivered, dropped and scene cuts
     */
    public StreamStats stats() {
        return new StreamStats(read.get(), delivered, dropped.get(), tracker.cuts());
    }

    /**
     * Counters and per-track summaries so far (final once {@link #hasNext()} returned {@code false}). Call from
     * the consuming thread.
     *
     * @return the report
     */
    public StreamReport report() {
        return new StreamReport(stats(), tracker.summaries());
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels the run: stops reading the source, drops the queued frames, waits for the frames in analysis and
     * for every thread of the run to end. Idempotent; safe from any thread. Does not close the source.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        CancellationException cancelled = new CancellationException("The stream run was closed.");
        for (CompletableFuture<Optional<KeyFrame>> f : snapshots.values()) {
            f.completeExceptionally(cancelled);
        }
        Job j;
        while ((j = input.pollFirst()) != null) {
            if (j != END && j.state.compareAndSet(QUEUED, DROPPED)) {
                j.result.completeExceptionally(cancelled);
            }
        }
        for (int i = 0; i < workers.size(); i++) {
            input.addLast(END);
        }
        if (Thread.currentThread() != reader) {
            reader.interrupt();
        }
        pending.addLast(END);
        boolean interrupted = false;
        for (Thread t : allThreads()) {
            if (t == Thread.currentThread()) {
                continue;
            }
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        // late snapshot futures created by the reader before it saw `closed`
        for (CompletableFuture<Optional<KeyFrame>> f : snapshots.values()) {
            f.completeExceptionally(cancelled);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Thread> allThreads() {
        List<Thread> all = new ArrayList<>(workers);
        all.add(0, reader);
        return all;
    }
}
