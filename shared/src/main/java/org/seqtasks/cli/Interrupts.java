package org.seqtasks.cli;

import org.seqtasks.train.Trainer;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM during training: the first asks the {@link Trainer} to finish its batch, write its
 * checkpoint and return, so the task still writes {@code metrics.json} for what was trained and {@link Cli} prints how
 * to resume and exits 130 / 143. A second signal, or one outside training, exits at once (the saved files are atomic).
 * A signal handler rather than a shutdown hook: hooks run while the JVM is already going down, concurrently with the
 * native libraries' own clean-up.
 */
final class Interrupts {
    private static volatile int signal;
    private static boolean installed;

    private Interrupts() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), Interrupts::handle);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the platform or the JVM's options (-Xrs) keep this signal: its default stays
            }
        }
    }

    private static void handle(Signal s) {
        int code = 128 + s.getNumber();
        if (signal == 0 && Trainer.stopActive()) {
            signal = s.getNumber();
            System.err.println();
            System.err.println("stopping after this batch and saving a checkpoint ("
                    + (s.getName().equals("INT") ? "Ctrl-C" : "SIG" + s.getName()) + " again to quit at once)");
            return;
        }
        System.exit(code);
    }

    /** 128 + the signal that stopped training (130 for SIGINT; also for a stop asked in-process). */
    static int exitCode() {
        int s = signal;
        signal = 0;
        return 128 + (s == 0 ? 2 : s);
    }
}
