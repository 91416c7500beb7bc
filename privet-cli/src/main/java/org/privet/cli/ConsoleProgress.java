package org.privet.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.privet.core.progress.Progress;

/**
 * Renders {@link Progress} on the terminal: a redrawn bar when stderr is a terminal, otherwise
 * (logs, CI) one plain line at most every {@code lineIntervalMillis} and at the end.
 *
 * <p>Thread safe: every method is synchronised, so parallel workers may report.
 */
final class ConsoleProgress implements Progress {
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final long lineIntervalMillis;
    private final LongSupplier clock;

    private String task = "";
    private long total;
    private long startMillis;
    private long lastPrintMillis;
    private long done;
    private String detail = "";
    private boolean active;

    ConsoleProgress(PrintStream out, boolean interactive, long lineIntervalMillis, LongSupplier clock) {
        this.out = out;
        this.interactive = interactive;
        this.lineIntervalMillis = lineIntervalMillis;
        this.clock = clock;
    }

    /** Progress on stderr; a live bar only when a console is attached. */
    static ConsoleProgress stderr() {
        return new ConsoleProgress(System.err, System.console() != null, 2000, System::currentTimeMillis);
    }

    @Override
    public synchronized void start(String task, long total) {
        if (active) {
            finish();
        }
        this.task = task;
        this.total = total;
        this.done = 0;
        this.detail = "";
        this.startMillis = clock.getAsLong();
        this.lastPrintMillis = startMillis;
        this.active = true;
        if (!interactive) {
            out.println(task + (total > 0 ? " (" + total + ")" : "") + " ...");
        } else {
            render();
        }
    }

    @Override
    public synchronized void update(long done, String detail) {
        if (!active) {
            return;
        }
        this.done = done;
        this.detail = detail == null ? "" : detail;
        long now = clock.getAsLong();
        if (interactive) {
            if (now - lastPrintMillis >= 100 || (total > 0 && done >= total)) {
                lastPrintMillis = now;
                render();
            }
        } else if (now - lastPrintMillis >= lineIntervalMillis) {
            lastPrintMillis = now;
            out.println("  " + line(now));
        }
    }

    @Override
    public synchronized void finish() {
        if (!active) {
            return;
        }
        long now = clock.getAsLong();
        if (interactive) {
            render();
            out.println();
        } else {
            out.println("  " + line(now) + " done");
        }
        active = false;
    }

    private void render() {
        long now = clock.getAsLong();
        StringBuilder sb = new StringBuilder("\r");
        sb.append(task).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ");
        }
        sb.append(line(now));
        sb.append("\u001b[K");
        out.print(sb);
        out.flush();
    }

    private String line(long now) {
        double secs = (now - startMillis) / 1000.0;
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            sb.append(done).append('/').append(total);
            if (done > 0 && done < total) {
                double eta = secs / done * (total - done);
                sb.append(String.format(Locale.ROOT, " eta %.0fs", eta));
            }
        } else {
            sb.append(done);
        }
        sb.append(String.format(Locale.ROOT, " %.1fs", secs));
        if (!detail.isEmpty()) {
            sb.append("  ").append(detail);
        }
        return sb.toString();
    }
}
