package org.losscape.viz.api;

/**
 * A request the service refuses, turned into an {@link ApiError} response by
 * {@link ApiExceptionMapper}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String field;

    private ApiException(int status, String type, String field, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    /** 404: no {@code kind} (run, surface) with this id. */
    public static ApiException notFound(String kind, String field, String id) {
        return new ApiException(404, "not-found", field, "no " + kind + " with id '" + id + "'");
    }

    /** 404: what {@code field} names exists but lacks what was asked for; says what is missing. */
    public static ApiException absent(String field, String message) {
        return new ApiException(404, "not-found", field, message);
    }

    /** 400: parameter {@code field} is not acceptable; the message shows value and range. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad-request", field, message);
    }

    /**
     * 409: what {@code field} names exists but cannot be given in the form asked for, because
     * of what it holds; the message says why.
     */
    public static ApiException conflict(String field, String message) {
        return new ApiException(409, "conflict", field, message);
    }

    public int status() {
        return status;
    }

    public ApiError toError() {
        return new ApiError(type, field, getMessage());
    }
}
