package org.losscape.projection.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into an {@link ApiError} JSON body: request errors with
 * their field (400, 404), bodies that are not the JSON asked for (400, naming the field where
 * reading stopped, see {@link JsonErrors}), HTTP errors of the framework (their own status)
 * and anything else (500, logged).
 */
class ErrorMapper {

    @ServerExceptionMapper
    Response api(ApiException e) {
        return error(e.status(), new ApiError(e.type(), e.field(), e.getMessage()));
    }

    /**
     * Wrong value types and unknown fields; named so that it outranks Quarkus' own mapper of
     * the same type.
     */
    @ServerExceptionMapper
    Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        return error(400, JsonErrors.describe(e));
    }

    /**
     * Errors of the HTTP layer itself (unknown path, wrong method or media type), and bodies
     * that the JSON reader rejected (not JSON, a number out of range), which arrive wrapped in
     * a plain 400.
     */
    @ServerExceptionMapper
    Response http(WebApplicationException e, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return malformedJson(unreadable);
        }
        int status = e.getResponse().getStatus();
        if (status == Response.Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode()) {
            MediaType sent = headers.getMediaType();
            return error(status, new ApiError("http", null, "Content-Type ("
                    + (sent != null ? sent : "none") + ") is not accepted here: request bodies are "
                    + MediaType.APPLICATION_JSON + ", checkpoint imports "
                    + MediaType.APPLICATION_OCTET_STREAM));
        }
        return error(status, new ApiError("http", null, e.getMessage()));
    }

    @ServerExceptionMapper
    Response internal(Exception e) {
        Log.error("request failed", e);
        return error(500, new ApiError("internal", null, e.toString()));
    }

    private static Response error(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
