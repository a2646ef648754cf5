package org.losscape.projection.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into an {@link ApiError} JSON body: request errors with
 * their field (400, 404), bodies that are not the JSON asked for (400, naming the field where
 * reading stopped, see {@link JsonErrors}), HTTP errors of the framework (their own status), a
 * body announced larger than {@code quarkus.http.limits.max-body-size} (413, before it is read)
 * and anything else (500, logged).
 *
 * <p>The 413 comes from a Vert.x route, as in viz-service: Quarkus refuses such a body ahead of
 * the REST layer, with an empty 413; the route runs just before that check and answers in JSON.
 */
@Singleton
class ErrorMapper {

    private final RequestDefaults defaults;
    private final ObjectMapper json;
    private final long maxBodySize;

    ErrorMapper(
            RequestDefaults defaults,
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                    MemorySize maxBodySize) {
        this.defaults = defaults;
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

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
        return error(400, JsonErrors.describe(e, defaults));
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

    void refuseLargeBodies(@Observes Router router) {
        router.route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::refuseLargeBody);
    }

    private void refuseLargeBody(RoutingContext context) {
        long length = contentLength(context.request());
        if (length <= maxBodySize) {
            context.next();
            return;
        }

        ApiError error = new ApiError("payload-too-large", null, "the request body (" + length
                + " bytes) must be at most " + maxBodySize + " bytes");
        String body;
        try {
            body = json.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + error, e);
        }

        // Closed after the answer, so that the body the client may still send is not read.
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .putHeader("Connection", "close")
                .end(body)
                .onComplete(done -> context.request().connection().close());
    }

    private static long contentLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            // Not ours to judge: the HTTP codec and Quarkus' own check see it next.
            return -1;
        }
    }

    private static Response error(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
