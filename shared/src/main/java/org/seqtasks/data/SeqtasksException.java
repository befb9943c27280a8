package org.seqtasks.data;

/**
 * A failure the user can act on: bad input, a missing dataset, a diverged run. The launcher prints its
 * message as one line and exits with status 1; no stack trace unless {@code --verbose}.
 */
public class SeqtasksException extends RuntimeException {
    public SeqtasksException(String message) {
        super(message);
    }

    public SeqtasksException(String message, Throwable cause) {
        super(message, cause);
    }
}
