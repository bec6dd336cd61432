package dev.fer.examples.cli;

/**
 * A mistake on the command line: an unknown option, a missing or malformed value, a file that does not exist. The
 * command prints the message as one line on stderr and exits with status 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one sentence saying what is wrong, without a trailing newline
     */
    public UsageException(String message) {
        super(message);
    }
}
