package org.losscape.projection.api;

/**
 * A request that cannot be served, with the HTTP status and the request field to blame.
 * {@link ErrorMapper} turns it into the JSON error body.
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

    /** 400: {@code field} has a value outside what is allowed; the message shows both. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid-request", field, message);
    }

    /** 404: what {@code field} names does not exist. */
    public static ApiException notFound(String field, String message) {
        return new ApiException(404, "not-found", field, message);
    }

    /** 409: the request would replace something that exists; {@code field} names it. */
    public static ApiException conflict(String field, String message) {
        return new ApiException(409, "conflict", field, message);
    }

    /** The same error blaming {@code otherField}, for a request that embeds another. */
    public ApiException withField(String otherField) {
        return new ApiException(status, type, otherField, getMessage());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The request field at fault, dotted for nested fields ({@code grid.x.min}); may be null. */
    public String field() {
        return field;
    }
}
