package org.losscape.training;

/**
 * A rejected value of a named field of a request or configuration. The message names the
 * field, shows the value and the allowed range; {@link #field()} lets a REST layer report the
 * field on its own.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public InvalidFieldException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The rejected field, as spelled in the request (e.g. {@code learningRate}). */
    public String field() {
        return field;
    }
}
