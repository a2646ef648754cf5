package org.losscape.trainer;

/** A request named a run this service does not know: answered with 404. */
final class UnknownRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnknownRunException(String id) {
        super("run (" + id + ") is unknown");
    }
}
