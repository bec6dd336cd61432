package dev.fer.examples.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long run, on stderr. On a terminal a single bar is redrawn in place with the count, the rate and
 * the estimated time left; otherwise (a pipe, a log file, a test) a plain line is printed every few seconds, so logs
 * stay readable.
 *
 * <p>Thread-safe: workers may call {@link #update(long)} concurrently.
 */
public final class Progress {
    private static final long TTY_INTERVAL_NANOS = 100_000_000L;
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private static final int BAR = 30;

    private final String label;
    private final long total;
    private final PrintStream err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint;
    private long done;
    private boolean finished;

    /**
     * Starts reporting.
     *
     * @param label what is counted, for example {@code images}
     * @param total how many are expected; 0 or less when unknown
     * @param err where to write
     * @param terminal whether {@code err} is a terminal (use {@link #isTerminal()})
     */
    public Progress(String label, long total, PrintStream err, boolean terminal) {
        this.label = label;
        this.total = total;
        this.err = err;
        this.terminal = terminal;
        this.lastPrint = start;
    }

    /**
     * Whether this process writes to a terminal.
     *
     * @return {@code System.console() != null}
     */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    /**
     * Records one more item done.
     */
    public synchronized void step() {
        update(done + 1);
    }

    /**
     * Records the number of items done so far; prints when enough time has passed.
     *
     * @param count items done
     */
    public synchronized void update(long count) {
        done = Math.max(done, count);
        long now = System.nanoTime();
        if (now - lastPrint >= (terminal ? TTY_INTERVAL_NANOS : LINE_INTERVAL_NANOS)) {
            lastPrint = now;
            print(now, false);
        }
    }

    /**
     * Prints the final state (on a terminal: ends the bar's line). Idempotent.
     */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (terminal || done > 0) {
            print(System.nanoTime(), true);
        }
    }

    /**
     * Seconds since the start.
     *
     * @return elapsed seconds
     */
    public synchronized double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private void print(long now, boolean last) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        StringBuilder sb = new StringBuilder();
        if (terminal) {
            sb.append('\r');
            if (total > 0) {
                int fill = (int) Math.min(BAR, Math.round(BAR * (double) done / total));
                sb.append('[').append("#".repeat(fill)).append(".".repeat(BAR - fill)).append("] ");
            }
        }
        sb.append(done);
        if (total > 0) {
            sb.append('/').append(total).append(' ').append(label)
                    .append(String.format(Locale.ROOT, " %3.0f%%", 100.0 * done / total));
        } else {
            sb.append(' ').append(label);
        }
        sb.append(String.format(Locale.ROOT, "  %.1f/s", rate));
        if (last) {
            sb.append("  in ").append(clock(secs));
        } else if (total > 0 && done > 0) {
            sb.append("  ETA ").append(clock((total - done) / rate));
        }
        if (terminal) {
            sb.append("\033[K");
            if (last) {
                sb.append(System.lineSeparator());
            }
            err.print(sb);
            err.flush();
        } else {
            err.println(sb);
        }
    }

    /**
     * Seconds as {@code m:ss} or {@code h:mm:ss}.
     *
     * @param seconds a duration
     * @return the text
     */
    static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
