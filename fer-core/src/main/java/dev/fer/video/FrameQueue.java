package dev.fer.video;

import dev.fer.image.FerImage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link FrameSource} that your code pushes frames into, for cameras and SDKs that deliver frames through a
 * callback: {@link #offer(FerImage)} from the callback thread, and a {@link StreamRunner} reads them.
 *
 * <p><b>Thread safety:</b> thread-safe; any number of threads may offer, one reader calls {@link #next()}. Bounded:
 * when {@code capacity} frames wait, the oldest is dropped to make room (counted in {@link #dropped()}), so a
 * producer is never blocked. <b>Frames offered after {@link #close()} or {@link #end()}</b> are ignored:
 * {@code offer} returns {@code false} and {@link #rejected()} counts them; this is never an error, because camera
 * callbacks often fire once more while an app shuts down.
 */
public final class FrameQueue implements FrameSource {
    private final int capacity;
    private final ArrayDeque<VideoFrame> frames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private long start = Long.MIN_VALUE;
    private boolean ended;
    private boolean closed;
    private long dropped;
    private long rejected;

    /**
     * Creates an empty queue.
     *
     * @param capacity how many frames may wait, at least 1
     */
    public FrameQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("FrameQueue capacity must be at least 1, got " + capacity + ".");
        }
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(capacity);
    }

    /**
     * Adds a frame timestamped now (time since the first frame offered).
     *
     * @param image the frame
     * @return {@code true} when queued; {@code false} when the queue was ended or closed (the frame is ignored)
     */
    public boolean offer(FerImage image) {
        Objects.requireNonNull(image, "image");
        lock.lock();
        try {
            long now = System.nanoTime();
            if (start == Long.MIN_VALUE) {
                start = now;
            }
            return add(new VideoFrame(image, Duration.ofNanos(now - start)));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a frame with its own timestamp.
     *
     * @param frame the frame
     * @return {@code true} when queued; {@code false} when the queue was ended or closed (the frame is ignored)
     */
    public boolean offer(VideoFrame frame) {
        Objects.requireNonNull(frame, "frame");
        lock.lock();
        try {
            return add(frame);
        } finally {
            lock.unlock();
        }
    }

    private boolean add(VideoFrame frame) {
        if (ended || closed) {
            rejected++;
            return false;
        }
        if (frames.size() == capacity) {
            frames.pollFirst();
            dropped++;
        }
        frames.addLast(frame);
        available.signalAll();
        return true;
    }

    /** No more frames: the reader gets the frames still queued, then the end of the stream. Idempotent. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next frame, waiting for one to be offered.
     *
     * @return the oldest queued frame; empty after {@link #end()} once the queue is drained, after {@link #close()},
     *     or when the reading thread is interrupted (the runner does that when its run is closed)
     */
    @Override
    public Optional<VideoFrame> next() {
        lock.lock();
        try {
            while (frames.isEmpty() && !ended && !closed) {
                try {
                    available.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            return closed ? Optional.empty() : Optional.ofNullable(frames.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frames dropped because the queue was full.
     *
     * @return the count
     */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frames offered after {@link #end()} or {@link #close()}, and ignored.
     *
     * @return the count
     */
    public long rejected() {
        lock.lock();
        try {
            return rejected;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream at once, discarding queued frames; later offers are ignored. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            frames.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
