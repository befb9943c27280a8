package org.seqtasks.compare;

import java.util.Locale;

/** Number formatting shared by the experiments' generated readings. */
final class Readings {
    private Readings() {}

    static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** A ratio as a power of ten a student can read: "10^-12.3" or "10^+4.1". */
    static String powerOfTen(double ratio) {
        if (ratio == 0) {
            return "0 (below float precision)";
        }
        if (!Double.isFinite(ratio)) {
            return "a non-finite value";
        }
        return f("10^%+.1f", Math.log10(ratio));
    }

    static String percent(double fraction) {
        return f("%.1f%%", 100 * fraction);
    }
}
