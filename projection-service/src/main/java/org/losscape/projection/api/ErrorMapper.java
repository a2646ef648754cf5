package org.losscape.projection.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into an {@link ApiError} JSON body: request errors with
 * their field (400, 404), malformed JSON (400, naming the field Jackson stopped at), HTTP
 * errors of the framework (their own status) and anything else (500, logged).
 */
class ErrorMapper {

    @ServerExceptionMapper
    Response api(ApiException e) {
        return error(e.status(), new ApiError(e.type(), e.field(), e.getMessage()));
    }

    /** Wrong value types; named so that it outranks Quarkus' own mapper of the same type. */
    @ServerExceptionMapper
    Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null
                            ? reference.getFieldName()
                            : String.valueOf(reference.getIndex()))
                    .collect(Collectors.joining("."));
        }
        return error(400, new ApiError("invalid-request", field,
                "malformed JSON: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
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
