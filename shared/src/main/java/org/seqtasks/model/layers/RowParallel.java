package org.seqtasks.model.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The second core, used for real. The rows of a batch are independent through a whole recurrent pass (each
 * sequence has its own state), so each thread runs every time step for its own block of rows, with one BLAS
 * call per step on that block: no synchronisation inside the time loop. ND4J's own BLAS threading stays at one
 * thread, because threading the small per-step products is what makes stock DL4J slower on two cores (DESIGN.md).
 *
 * <p>Threads: {@code -Dseqtasks.threads=N} or the environment variable {@code SEQTASKS_THREADS}, else the number
 * of cores (at most {@value #DEFAULT_MAX_THREADS}).
 */
public final class RowParallel {
    /** Below this many rows per block, a BLAS call on the block costs more than the parallelism saves. */
    static final int MIN_ROWS_PER_THREAD = 8;

    static final int DEFAULT_MAX_THREADS = 4;
    /** The threads configured at start, and the most {@link #useThreads} can give. */
    static final int MAX_THREADS = configuredThreads();

    private static volatile int threads = MAX_THREADS;
    private static final ExecutorService POOL = MAX_THREADS > 1
            ? Executors.newFixedThreadPool(MAX_THREADS - 1, r -> {
                Thread t = new Thread(r, "seqtasks-recurrent");
                t.setDaemon(true);
                return t;
            })
            : null;

    private RowParallel() {}

    /**
     * Sets how many threads each recurrent pass uses from now on (at most the configured count), and returns the
     * previous setting. A caller that runs several trainings side by side, one per core, sets 1 so that they do
     * not compete for the same cores.
     */
    public static int useThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        int previous = threads;
        threads = Math.min(n, MAX_THREADS);
        return previous;
    }

    interface RowBlock {
        void run(int r0, int r1);
    }

    private static int configuredThreads() {
        String v = System.getProperty("seqtasks.threads", System.getenv("SEQTASKS_THREADS"));
        if (v != null && !v.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "seqtasks.threads / SEQTASKS_THREADS must be a whole number, got '" + v + "'");
            }
        }
        return Math.max(1, Math.min(DEFAULT_MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** Runs {@code body} on contiguous blocks of {@code [0, rows)}, one per thread; the calling thread takes the last. */
    static void forRows(int rows, RowBlock body) {
        int blocks = Math.max(1, Math.min(threads, rows / MIN_ROWS_PER_THREAD));
        if (blocks == 1) {
            body.run(0, rows);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int k = 0; k < blocks - 1; k++) {
            int r0 = rows * k / blocks;
            int r1 = rows * (k + 1) / blocks;
            futures.add(POOL.submit(() -> body.run(r0, r1)));
        }
        body.run(rows * (blocks - 1) / blocks, rows);
        await(futures);
    }

    /** Runs independent tasks side by side; the calling thread takes the last. */
    static void all(Runnable... tasks) {
        if (threads == 1) {
            for (Runnable t : tasks) {
                t.run();
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < tasks.length - 1; i++) {
            futures.add(POOL.submit(tasks[i]));
        }
        tasks[tasks.length - 1].run();
        await(futures);
    }

    private static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in a recurrent layer", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
