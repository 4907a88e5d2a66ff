package org.era4j.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of one epoch: on a terminal a bar redrawn in place (images/s, loss, ETA); otherwise a
 * plain log line every tenth of the epoch, so logs stay readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final int total;
    private final long started = System.nanoTime();
    private final String unit;
    private int lastLoggedTenth = -1;

    public ProgressBar(PrintStream out, boolean interactive, String label, int total) {
        this(out, interactive, label, total, "img");
    }

    /** A bar counting {@code unit}s (e.g. {@code "points"}); the rate is shown per second. */
    public ProgressBar(PrintStream out, boolean interactive, String label, int total, String unit) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    /** Whether standard output is a terminal (progress bar) or a file/pipe (log lines). */
    public static boolean stdoutIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    /** {@code done} of {@code total} images processed, with the running mean loss. */
    public synchronized void update(int done, double loss) {
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        double rate = done / seconds;
        double eta = rate > 0 ? (total - done) / rate : 0;
        if (interactive) {
            int filled = (int) ((long) WIDTH * done / total);
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %.0f %s/s  loss %.4f  ETA %s ", label,
                    "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, rate, unit, loss, clock(eta));
            out.flush();
            return;
        }
        int tenth = (int) (10L * done / total);
        if (tenth > lastLoggedTenth) {
            lastLoggedTenth = tenth;
            out.printf(Locale.ROOT, "%s %3d%%  %d/%d  %.0f %s/s  loss %.4f  ETA %s%n", label, 10 * tenth, done,
                    total, rate, unit, loss, clock(eta));
        }
    }

    /** Ends the bar's line. */
    public void finish() {
        if (interactive) {
            out.println();
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
