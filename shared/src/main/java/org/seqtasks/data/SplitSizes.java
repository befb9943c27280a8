package org.seqtasks.data;

import java.util.Collection;
import org.seqtasks.UserFacingException;

/**
 * Refuses a split too small for what is asked of it, in one line naming where it came from and the count: an empty
 * dev split otherwise reports "accuracy NaN%" with exit 0, an empty training split dies deep in DL4J.
 */
public final class SplitSizes {
    private SplitSizes() {}

    /**
     * {@code examples} unchanged when it holds at least {@code minimum}; else a {@link UserFacingException}:
     * {@code "<source>: the <split> split has <n> <unit>; at least <minimum> needed"}.
     */
    public static <C extends Collection<?>> C atLeast(
            C examples, int minimum, String split, String source, String unit) {
        if (examples.size() < minimum) {
            throw new UserFacingException(source + ": the " + split + " split has " + examples.size() + " " + unit
                    + "; at least " + minimum + " needed");
        }
        return examples;
    }
}
