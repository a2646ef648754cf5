package org.losscape.trainer;

/** The configured data location cannot be read: a server problem, answered with 503. */
final class DataUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
