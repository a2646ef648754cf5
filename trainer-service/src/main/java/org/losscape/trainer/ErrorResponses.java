package org.losscape.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.losscape.training.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper of the service: every error is JSON
 * {@code {"type": ..., "field": ..., "message": ...}} ({@code field} null when no single field
 * is at fault). 400 for a bad field or a bad or missing body, 404 for an unknown run, 409 for
 * cancelling a run that has ended, 415 for a body that is not JSON, 429 for a full queue, 503
 * when the data cannot be read, 500 otherwise.
 */
class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** The body of every error response. */
    public record Error(String type, String field, String message) {}

    @ServerExceptionMapper
    Response invalidField(InvalidFieldException e) {
        return respond(400, new Error("invalid-field", e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    Response invalidArgument(IllegalArgumentException e) {
        return respond(400, new Error("invalid-request", null, e.getMessage()));
    }

    /**
     * Malformed JSON, or a value of the wrong type: the JSON path names the field. A value that
     * cannot become the field's type (a fraction or a word for an integer) is shown with the
     * type it must have.
     */
    @ServerExceptionMapper
    Response unreadableBody(JsonProcessingException e) {
        String field = null;
        String message = e.getOriginalMessage();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null
                            ? ref.getFieldName()
                            : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            if (e instanceof UnrecognizedPropertyException unknown) {
                message = field + " is not a field of the request; known fields: "
                        + unknown.getKnownPropertyIds().stream()
                                .map(String::valueOf)
                                .sorted()
                                .collect(Collectors.joining(", "));
            } else if (e instanceof InvalidFormatException invalid
                    && expected(invalid.getTargetType()) != null) {
                message = field + " (" + invalid.getValue() + ") must be "
                        + expected(invalid.getTargetType());
            } else {
                message = field + ": " + message;
            }
        }
        return respond(400, new Error("unreadable-body", field, message));
    }

    @ServerExceptionMapper
    Response missingBody(MissingBodyException e) {
        return respond(400, new Error("missing-body", null, e.getMessage()));
    }

    /** A value of the wrong type; replaces Quarkus' own mapper, which answers in its format. */
    @ServerExceptionMapper
    Response mismatchedInput(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    Response unknownRun(UnknownRunException e) {
        return respond(404, new Error("not-found", "id", e.getMessage()));
    }

    @ServerExceptionMapper
    Response runEnded(RunEndedException e) {
        return respond(409, new Error("run-ended", null, e.getMessage()));
    }

    /**
     * A body not declared as JSON, refused by {@code @Consumes} or by the resource; says which
     * type came instead of the framework's wording.
     */
    @ServerExceptionMapper
    Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers) {
        String given = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return respond(415, new Error("unsupported-media-type", null, "Content-Type ("
                + (given == null ? "none" : given) + ") must be application/json"));
    }

    @ServerExceptionMapper
    Response queueFull(QueueFullException e) {
        return respond(429, new Error("queue-full", null, e.getMessage()));
    }

    @ServerExceptionMapper
    Response dataUnavailable(DataUnavailableException e) {
        LOG.error("data unavailable: {}", e.getMessage());
        return respond(503, new Error("data-unavailable", null, e.getMessage()));
    }

    /**
     * Errors of the HTTP layer itself (unknown path, wrong method or media type), and bodies
     * that the JSON reader rejected, which arrive wrapped in a 400.
     */
    @ServerExceptionMapper
    Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableBody(unreadable);
        }
        Response refused = e.getResponse();
        String type = refused.getStatus() == 404 ? "not-found" : "http-" + refused.getStatus();
        Response answer = respond(refused.getStatus(), new Error(type, null, e.getMessage()));
        if (refused.getAllowedMethods().isEmpty()) {
            return answer;
        }
        // A 405 names the methods the resource has.
        return Response.fromResponse(answer).allow(refused.getAllowedMethods()).build();
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        LOG.error("request failed", e);
        return respond(500, new Error("internal", null, e.toString()));
    }

    /** How a type that a request field can have reads in a message; null for other types. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class
                || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return null;
    }

    private static Response respond(int status, Error error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
