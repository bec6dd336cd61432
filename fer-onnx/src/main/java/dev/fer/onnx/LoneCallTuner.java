package dev.fer.onnx;

import java.util.Arrays;

/**
 * The lone-call half of the adaptive-threads rule ({@link ExecutionOptions.Builder#adaptiveThreads(boolean)}): for
 * calls that run alone, whether the multi-threaded session or its single-threaded twin is faster, measured per
 * input shape. Small models on small inputs often run faster on one thread than on several (waking the other
 * threads for every operator costs more than it saves), larger ones the other way round, so the choice is measured
 * rather than guessed.
 *
 * <p>Per shape: the first {@value #START} lone calls run multi-threaded, untimed (a program that analyses one image
 * never opens the twin); then the calls alternate between the two sessions, {@value #WARMUP} untimed and
 * {@value #TIMED} timed calls on each; then the session whose median time is lower wins, the multi-threaded one only
 * when it is at least 5 % faster (at equal speed one thread leaves the other cores free). Decisions are kept for up
 * to {@value #SHAPES} shapes; further shapes share one more decision. Thread-safe.
 */
final class LoneCallTuner {
    /** Untimed multi-threaded lone calls of a shape before the trial starts. */
    static final int START = 8;
    /** Untimed calls on each side at the start of the trial. */
    static final int WARMUP = 2;
    /** Timed calls on each side. */
    static final int TIMED = 7;
    /** Shapes with their own decision. */
    static final int SHAPES = 8;

    /** What {@link #next(long)} tells the caller: which session, and whether to time the call. */
    enum Choice {
        /** The multi-threaded session, untimed. */
        WIDE,
        /** The single-threaded twin, untimed. */
        NARROW,
        /** The multi-threaded session, timed: report with {@link #record}. */
        TRY_WIDE,
        /** The twin, timed: report with {@link #record}. */
        TRY_NARROW;

        boolean narrow() {
            return this == NARROW || this == TRY_NARROW;
        }

        boolean timed() {
            return this == TRY_WIDE || this == TRY_NARROW;
        }
    }

    /** One shape's trial. */
    private static final class Trial {
        final long key;
        int calls;
        int wideCalls;
        int narrowCalls;
        final long[] wide = new long[TIMED];
        final long[] narrow = new long[TIMED];
        Choice decision;
        long wideMedian;
        long narrowMedian;

        Trial(long key) {
            this.key = key;
        }
    }

    private final Trial[] trials = new Trial[SHAPES];
    private Trial others;
    private int used;

    /**
     * The session for the next lone call of a shape.
     *
     * @param key the input shape's key
     * @return the choice
     */
    synchronized Choice next(long key) {
        Trial t = trial(key);
        if (t.decision != null) {
            return t.decision;
        }
        if (t.calls < START) {
            t.calls++;
            return Choice.WIDE;
        }
        // Alternate, the side with fewer calls first.
        boolean narrow = t.narrowCalls < t.wideCalls;
        int done = narrow ? t.narrowCalls : t.wideCalls;
        if (done < WARMUP) {
            if (narrow) {
                t.narrowCalls++;
            } else {
                t.wideCalls++;
            }
            return narrow ? Choice.NARROW : Choice.WIDE;
        }
        return narrow ? Choice.TRY_NARROW : Choice.TRY_WIDE;
    }

    /**
     * Records a timed lone call; decides once both sides have {@value #TIMED} times.
     *
     * @param key the input shape's key
     * @param narrow whether the twin ran it
     * @param nanos how long it took
     * @return the decision when this call made it, else {@code null}
     */
    synchronized Choice record(long key, boolean narrow, long nanos) {
        Trial t = trial(key);
        if (t.decision != null) {
            return null;
        }
        int timed = (narrow ? t.narrowCalls : t.wideCalls) - WARMUP;
        if (timed < 0 || timed >= TIMED) {
            return null;
        }
        if (narrow) {
            t.narrow[timed] = nanos;
            t.narrowCalls++;
        } else {
            t.wide[timed] = nanos;
            t.wideCalls++;
        }
        if (t.wideCalls < WARMUP + TIMED || t.narrowCalls < WARMUP + TIMED) {
            return null;
        }
        t.wideMedian = median(t.wide);
        t.narrowMedian = median(t.narrow);
        t.decision = t.wideMedian < 0.95 * t.narrowMedian ? Choice.WIDE : Choice.NARROW;
        return t.decision;
    }

    /**
     * The decision for a shape, if made.
     *
     * @param key the input shape's key
     * @return WIDE, NARROW or {@code null} while undecided
     */
    synchronized Choice decision(long key) {
        return trial(key).decision;
    }

    /**
     * The medians behind a decision, in nanoseconds: multi-threaded, then single-threaded.
     *
     * @param key the input shape's key
     * @return the two medians, zero while undecided
     */
    synchronized long[] medians(long key) {
        Trial t = trial(key);
        return new long[] {t.wideMedian, t.narrowMedian};
    }

    private Trial trial(long key) {
        for (int i = 0; i < used; i++) {
            if (trials[i].key == key) {
                return trials[i];
            }
        }
        if (used < SHAPES) {
            trials[used] = new Trial(key);
            return trials[used++];
        }
        if (others == null) {
            others = new Trial(key);
        }
        return others;
    }

    private static long median(long[] times) {
        long[] s = times.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * The key of an input shape.
     *
     * @param input the tensor
     * @return a hash of its dimensions
     */
    static long key(InputTensor input) {
        long h = 17;
        for (int i = 0; i < input.rank(); i++) {
            h = h * 31 + input.dim(i);
        }
        return h;
    }
}
