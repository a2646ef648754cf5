package org.losscape.surface;

/**
 * A chunk's values that Kafka refuses as too large for one record. Publishing them again can
 * only fail the same way, so the chunk goes to the dead-letter topic at once, with this message
 * as its {@code dead-letter-reason}.
 */
class ValuesTooLargeException extends RuntimeException {

    ValuesTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
