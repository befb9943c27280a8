package org.seqtasks;

/**
 * A failure the user can act on: bad input, a missing dataset, a diverged run. Its message is written for the
 * user (for a file: {@code file:line: problem}); the launcher prints it as one line and exits with status 1 (2 for
 * its subclass {@code UsageException}, a bad option), with no stack trace unless {@code --verbose}. Every layer
 * throws it (data, model, train, cli), so it sits at the root package.
 */
public class UserFacingException extends RuntimeException {
    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
