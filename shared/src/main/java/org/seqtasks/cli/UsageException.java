package org.seqtasks.cli;

import org.seqtasks.UserFacingException;

/**
 * A bad option value found after parsing (an unknown dataset name, an option that does not apply to the data
 * chosen): {@link Cli} reports it like picocli's own usage errors, naming the option, with exit 2.
 */
public final class UsageException extends UserFacingException {
    private final String option;

    public UsageException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option at fault, as written on the command line ({@code --dataset}). */
    public String option() {
        return option;
    }

    /** The line a user sees: picocli's wording for a bad value, so every usage error reads alike. */
    public String usageLine() {
        return "Invalid value for option '" + option + "': " + getMessage();
    }
}
