package dev.fer.internal;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lifetime guard for closeable, thread-safe components: calls {@link #enter()} / {@link #exit()}, {@link #close()}
 * waits for calls in flight, is idempotent, and later calls fail with {@code IllegalStateException("NAME is
 * closed")}. Not API.
 *
 * <p>Thread-safe.
 */
public final class CloseGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String name;
    private volatile boolean closed;

    /**
     * Creates a guard.
     *
     * @param name how error messages name the component, for example {@code "EmotionPipeline"}
     */
    public CloseGuard(String name) {
        this.name = name;
    }

    /**
     * Starts a call.
     *
     * @throws IllegalStateException when closed
     */
    public void enter() {
        if (closed) {
            throw closedError();
        }
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw closedError();
        }
    }

    /** Ends a call started with {@link #enter()}. */
    public void exit() {
        lock.readLock().unlock();
    }

    /**
     * Marks the component closed after every call in flight has finished.
     *
     * @return {@code true} the first time (the caller then releases its resources), {@code false} afterwards
     * @throws IllegalStateException when called from inside a call of the same component on this thread
     */
    public boolean close() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException(name + ".close() was called from inside one of its own calls; close it "
                    + "after the call returns.");
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(name + " is closed");
    }
}
