package org.losscape.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
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
 * is at fault). 400 for a bad field or body, 404 for an unknown run, 429 for a full queue, 503
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

    /** Malformed JSON, or a value of the wrong type: the JSON path names the field. */
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
            message = field + ": " + message;
        }
        return respond(400, new Error("unreadable-body", field, message));
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
        int status = e.getResponse().getStatus();
        String type = status == 404 ? "not-found" : "http-" + status;
        return respond(status, new Error(type, null, e.getMessage()));
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        LOG.error("request failed", e);
        return respond(500, new Error("internal", null, e.toString()));
    }

    private static Response respond(int status, Error error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
