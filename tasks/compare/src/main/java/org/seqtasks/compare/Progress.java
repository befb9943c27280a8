package org.seqtasks.compare;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/**
 * The compare job's progress on stderr: what runs now, time elapsed, and an estimate of the time left.
 *
 * <p>The estimate works in the plan's own seconds (each job's budget). Finished jobs give the pace: how many real
 * seconds a planned second took (a loaded machine stretches it). A running job counts as done up to what its time so
 * far buys at that pace, capped at its plan, so the estimate does not jump when two jobs started together and only one
 * has ended. What is left runs {@code width} jobs at once. Jobs report from their own threads.
 */
public final class Progress {
    private final PrintStream out;
    private final double plannedSeconds;
    private final int width;
    private final DoubleSupplier clock;
    private final double start;
    /** Jobs running now: their planned seconds and when they started. */
    private final Map<Object, double[]> running = new IdentityHashMap<>();
    /** The job announced by {@link #step(String)} and finished by {@link #done}, which run one at a time. */
    private final Object solo = new Object();

    private double plannedDone;
    private double actualDone;
    private int steps;

    public Progress(PrintStream out, double plannedSeconds) {
        this(out, plannedSeconds, 1);
    }

    public Progress(PrintStream out, double plannedSeconds, int width) {
        this(out, plannedSeconds, width, () -> System.nanoTime() / 1e9);
    }

    Progress(PrintStream out, double plannedSeconds, int width, DoubleSupplier clock) {
        this.out = out;
        this.plannedSeconds = plannedSeconds;
        this.width = width;
        this.clock = clock;
        this.start = clock.getAsDouble();
    }

    /** Announces a step that runs alone; {@link #done} records it when it finishes. */
    public synchronized void step(String what) {
        begin(what, solo, Double.NaN);
    }

    public synchronized void done(double plannedStepSeconds) {
        double[] job = running.remove(solo);
        finish(plannedStepSeconds, job == null ? plannedStepSeconds : clock.getAsDouble() - job[1]);
    }

    /** {@code work} as one step: announced when it starts, its planned seconds counted done however it ends. */
    public <T> Callable<T> step(String what, double plannedStepSeconds, Callable<T> work) {
        return () -> {
            Object job = new Object();
            synchronized (this) {
                begin(what, job, plannedStepSeconds);
            }
            try {
                return work.call();
            } finally {
                synchronized (this) {
                    double[] started = running.remove(job);
                    finish(plannedStepSeconds, clock.getAsDouble() - started[1]);
                }
            }
        };
    }

    private void begin(String what, Object job, double plannedStepSeconds) {
        steps++;
        out.printf(Locale.ROOT, "[compare %s elapsed, %s] %s%n", clock(elapsed()), eta(), what);
        running.put(job, new double[] {plannedStepSeconds, clock.getAsDouble()});
    }

    private void finish(double plannedStepSeconds, double actualSeconds) {
        plannedDone += plannedStepSeconds;
        actualDone += actualSeconds;
    }

    public double elapsed() {
        return clock.getAsDouble() - start;
    }

    synchronized String eta() {
        if (plannedDone <= 0) {
            return "about " + clock(plannedSeconds / width) + " planned";
        }
        double pace = actualDone / plannedDone;
        double now = clock.getAsDouble();
        double credited = plannedDone;
        for (double[] job : running.values()) {
            if (!Double.isNaN(job[0])) {
                credited += Math.min(job[0], (now - job[1]) / pace);
            }
        }
        double left = Math.max(0, plannedSeconds - credited) * pace / width;
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
