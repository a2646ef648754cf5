package org.losscape.stack;

/**
 * A failure of the local stack that the user can act on: a port in use, a process that did not
 * become ready, a missing build or data set. The message says what happened and what to do;
 * the command prints it without a stack trace.
 */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
