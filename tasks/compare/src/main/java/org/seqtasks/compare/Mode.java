package org.seqtasks.compare;

import java.util.Locale;

/**
 * How much the compare job trains. QUICK: the embedded datasets and budgets of seconds (the whole job in
 * under 10 minutes on 2 cores); FULL: the real datasets through the catalog and budgets of minutes; TINY:
 * a few seconds per run, for tests of the plumbing (figures meaningless).
 */
public enum Mode {
    TINY,
    QUICK,
    FULL;

    /** The same choice scaled per mode: tiny, quick, full. */
    <T> T pick(T tiny, T quick, T full) {
        return switch (this) {
            case TINY -> tiny;
            case QUICK -> quick;
            case FULL -> full;
        };
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
