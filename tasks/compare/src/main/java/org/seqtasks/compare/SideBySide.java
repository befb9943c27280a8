package org.seqtasks.compare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.seqtasks.model.layers.RowParallel;

/**
 * Runs the compare job's trainings side by side, one per core. One training cannot use a second core well (its
 * per-step products are too small to split: docs/results.md), but two trainings can, so two at once nearly halve
 * the job's wall time. Every job runs its recurrent layers on one thread, so each cell gets one core whichever
 * job runs beside it, and a wall-clock budget means the same for all of them.
 *
 * <p>Jobs start longest first (so the last one to finish is a short one) and their results come back in the
 * order given. What a job prints is held back and printed in one piece when it ends, so two jobs' logs do not
 * interleave line by line.
 */
final class SideBySide {
    /** The cores of the machines this project is measured on; 1 runs everything one after the other. */
    static final int DEFAULT_WIDTH = Math.min(2, Runtime.getRuntime().availableProcessors());

    private final int width;
    private final List<Pending<?>> jobs = new ArrayList<>();

    SideBySide(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        this.width = width;
    }

    /** A job added to the plan: its result (or what it failed with) once {@link #runAll} has returned. */
    static final class Pending<T> {
        private final double plannedSeconds;
        private final Callable<T> work;
        private T value;
        private RuntimeException error;
        private boolean ran;

        private Pending(double plannedSeconds, Callable<T> work) {
            this.plannedSeconds = plannedSeconds;
            this.work = work;
        }

        /** The job's value; rethrows what it failed with. */
        T get() {
            if (!ran) {
                throw new IllegalStateException("the job has not run yet");
            }
            if (error != null) {
                throw error;
            }
            return value;
        }

        private void run() {
            try {
                value = work.call();
            } catch (RuntimeException e) {
                error = e;
            } catch (Exception e) {
                error = new IllegalStateException(e.getMessage(), e);
            } finally {
                ran = true;
            }
        }
    }

    /** Adds a job; {@code plannedSeconds} only orders the start. */
    <T> Pending<T> add(double plannedSeconds, Callable<T> work) {
        Pending<T> p = new Pending<>(plannedSeconds, work);
        jobs.add(p);
        return p;
    }

    /** Runs every job added so far, {@code width} at a time, longest first; returns when all have ended. */
    void runAll() {
        List<Pending<?>> order = startOrder(jobs);
        jobs.clear();
        if (width == 1 || order.size() <= 1) {
            order.forEach(Pending::run);
            return;
        }
        int previousThreads = RowParallel.useThreads(1);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ThreadRouted routedOut = new ThreadRouted(out);
        ThreadRouted routedErr = new ThreadRouted(err);
        System.setOut(new PrintStream(routedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(routedErr, true, StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(width, r -> {
            Thread t = new Thread(r, "compare-job");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Pending<?> job : order) {
                futures.add(pool.submit(() -> {
                    routedOut.hold();
                    routedErr.hold();
                    try {
                        job.run();
                    } finally {
                        synchronized (SideBySide.class) {
                            routedOut.release();
                            routedErr.release();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
            System.setOut(out);
            System.setErr(err);
            RowParallel.useThreads(previousThreads);
        }
    }

    /** Longest first, so that the last job to finish is a short one; equal lengths keep the order given. */
    static List<Pending<?>> startOrder(List<Pending<?>> jobs) {
        List<Pending<?>> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingDouble((Pending<?> p) -> -p.plannedSeconds));
        return order;
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a compare job", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /**
     * A stream that holds what a job's thread (and the threads it starts) writes until the job ends; writes from
     * any other thread pass straight through.
     */
    static final class ThreadRouted extends OutputStream {
        private final OutputStream target;
        private final InheritableThreadLocal<ByteArrayOutputStream> held = new InheritableThreadLocal<>();

        ThreadRouted(OutputStream target) {
            this.target = target;
        }

        void hold() {
            held.set(new ByteArrayOutputStream());
        }

        void release() {
            ByteArrayOutputStream buffer = held.get();
            held.remove();
            if (buffer != null) {
                try {
                    synchronized (target) {
                        buffer.writeTo(target);
                        target.flush();
                    }
                } catch (IOException e) {
                    // the console is gone; the job's figures are in its run folder
                }
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteArrayOutputStream buffer = held.get();
            if (buffer != null) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                return;
            }
            try {
                synchronized (target) {
                    target.write(b, off, len);
                }
            } catch (IOException e) {
                // as above
            }
        }

        @Override
        public void flush() throws IOException {
            if (held.get() == null) {
                target.flush();
            }
        }
    }
}
