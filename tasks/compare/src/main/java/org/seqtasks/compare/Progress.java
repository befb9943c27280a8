package org.seqtasks.compare;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The compare job's progress on stderr: what runs now, time elapsed, and an estimate of the time left.
 * The estimate scales the plan's remaining budget by how the finished part compared with its own plan,
 * so a loaded machine stretches the estimate instead of making it wrong. The plan counts each job's
 * own seconds; with jobs side by side ({@code width} at once) the first estimate divides it by the width, and
 * later ones follow from the measured pace. Jobs report from their own threads.
 */
public final class Progress {
    private final PrintStream out;
    private final double plannedSeconds;
    private final int width;
    private final long start = System.nanoTime();
    private double plannedDone;
    private int steps;

    public Progress(PrintStream out, double plannedSeconds) {
        this(out, plannedSeconds, 1);
    }

    public Progress(PrintStream out, double plannedSeconds, int width) {
        this.out = out;
        this.plannedSeconds = plannedSeconds;
        this.width = width;
    }

    /** Announces a step; {@link #done} records its planned share when it finishes. */
    public synchronized void step(String what) {
        steps++;
        out.printf(Locale.ROOT, "[compare %s elapsed, %s] %s%n", clock(elapsed()), eta(), what);
    }

    public synchronized void done(double plannedStepSeconds) {
        plannedDone += plannedStepSeconds;
    }

    /** {@code work} as one step: announced when it starts, its planned seconds counted done however it ends. */
    public <T> Callable<T> step(String what, double plannedStepSeconds, Callable<T> work) {
        return () -> {
            step(what);
            try {
                return work.call();
            } finally {
                done(plannedStepSeconds);
            }
        };
    }

    public double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    synchronized String eta() {
        if (plannedDone <= 0) {
            return "about " + clock(plannedSeconds / width) + " planned";
        }
        double left = Math.max(0, plannedSeconds - plannedDone) * (elapsed() / plannedDone);
        return "about " + clock(left) + " left";
    }

    int steps() {
        return steps;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
