package org.seqtasks.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread settings for ND4J on small recurrent workloads. Measured here (DESIGN.md): OpenBLAS threading
 * the tiny per-step gemms of an RNN makes two threads slower than one, while ND4J's own element-wise ops
 * can still use a second core. So with {@code OMP_NUM_THREADS} above 1, BLAS is held to one thread.
 */
public final class NativeThreads {
    private static volatile boolean configured;

    private NativeThreads() {}

    public static synchronized void configure() {
        if (configured) {
            return;
        }
        configured = true;
        if (ompThreads() > 1) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
    }

    /** {@code OMP_NUM_THREADS}, or the core count when unset (OpenMP's default). */
    public static int ompThreads() {
        String env = System.getenv("OMP_NUM_THREADS");
        try {
            return env == null || env.isBlank()
                    ? Runtime.getRuntime().availableProcessors()
                    : Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
