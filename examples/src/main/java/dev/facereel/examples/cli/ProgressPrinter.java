package dev.facereel.examples.cli;

import dev.facereel.core.ProgressEvent;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows progress on stderr: one redrawn bar on a terminal, otherwise a plain line per heartbeat and per stage
 * change.
 */
final class ProgressPrinter implements Consumer<ProgressEvent> {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private String lastLine = "";
    private long lastSeq = -1;
    private String lastStatus = "";

    ProgressPrinter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(ProgressEvent e) {
        String frames = e.framesTotal() > 0 ? " frames " + e.framesDone() + "/" + e.framesTotal() : "";
        if (terminal) {
            int filled = (int) Math.round(e.overallPct() * WIDTH);
            String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
            String line = String.format(Locale.ROOT, "\r%-7s [%s] %3.0f%%%s faces %d ETA %s", e.stage().id(), bar,
                    e.overallPct() * 100, frames, e.faces(), eta(e.overallPct()));
            if (!line.equals(lastLine)) {
                err.print(line);
                err.flush();
                lastLine = line;
            }
            return;
        }
        if (e.heartbeatSeq() != lastSeq || !e.status().equals(lastStatus)) {
            lastSeq = e.heartbeatSeq();
            lastStatus = e.status();
            err.printf(Locale.ROOT, "%s %s %.0f%%%s heartbeat %d: %s%n", e.stage().id(), e.status(), e.overallPct() * 100,
                    frames, e.heartbeatSeq(), e.message());
            err.flush();
        }
    }

    /** Ends the bar's line on a terminal. */
    synchronized void finish() {
        if (terminal && !lastLine.isEmpty()) {
            err.println();
        }
    }

    private String eta(double pct) {
        if (pct <= 0.01) {
            return "--:--";
        }
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000_000L;
        long left = Math.round(elapsed * (1 - pct) / pct);
        return String.format(Locale.ROOT, "%d:%02d", left / 60, left % 60);
    }
}
