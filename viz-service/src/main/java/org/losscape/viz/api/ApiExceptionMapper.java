package org.losscape.viz.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of the REST API: every error of {@code /api} is an {@link ApiError}
 * JSON body, whatever raised it.
 *
 * <ul>
 *   <li>an {@link ApiException}: its status (400, 404, 409), type and field;
 *   <li>an error of the HTTP layer: its status, with a message naming what was asked and what is
 *       allowed (a 405 with an {@code Allow} header);
 *   <li>a body announced larger than {@code quarkus.http.limits.max-body-size}: 413, before it
 *       is read;
 *   <li>anything else: 500 naming the request and its ids, logged once as an error with them.
 * </ul>
 *
 * <p>The 413 comes from a Vert.x route, since Quarkus refuses such a body ahead of the REST
 * layer, with an empty 413; the route runs just before that check and answers in JSON.
 */
@Singleton
public class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    /**
     * The methods of every endpoint: the API only reads, and Quarkus answers HEAD and OPTIONS
     * beside each GET. Stated here because the REST layer's 405 does not say what a path takes.
     */
    private static final String[] READ_METHODS = {"GET", "HEAD", "OPTIONS"};

    private final ObjectMapper json;
    private final long maxBodySize;

    ApiExceptionMapper(
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                    MemorySize maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    @ServerExceptionMapper
    Response refused(ApiException e) {
        return respond(e.status(), e.toError());
    }

    /** Unknown paths, wrong methods and media types, as the REST layer reports them. */
    @ServerExceptionMapper
    Response http(WebApplicationException e, UriInfo uri, HttpServerRequest request) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return unexpected(e, uri, request);
        }
        String target = request.method() + " " + request.path();
        return switch (status) {
            case 404 -> respond(404, new ApiError("not-found", null, "no endpoint " + target));
            case 405 -> status(405, new ApiError("method-not-allowed", null,
                    target + ": the method must be GET (this API only reads)"))
                    .allow(READ_METHODS)
                    .build();
            case 406 -> respond(406, new ApiError("not-acceptable", "Accept",
                    "Accept (" + request.getHeader(HttpHeaders.ACCEPT) + ") matches no media"
                            + " type that " + target + " answers with"));
            case 415 -> respond(415, new ApiError("unsupported-media-type", "Content-Type",
                    "Content-Type (" + request.getHeader(HttpHeaders.CONTENT_TYPE) + ") is not"
                            + " one that " + target + " reads"));
            default -> respond(status, new ApiError("http-" + status, null,
                    target + ": " + e.getMessage()));
        };
    }

    @ServerExceptionMapper
    Response unexpected(Throwable e, UriInfo uri, HttpServerRequest request) {
        String ids = ids(uri);
        String target = request.method() + " " + request.path();
        LOG.errorf(e, "%s failed%s", target, ids);
        return respond(500, new ApiError("internal", null,
                target + " failed" + ids + ": " + e + " (logged by the service)"));
    }

    void refuseLargeBodies(@Observes Router router) {
        router.route("/api/*")
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::refuseLargeBody);
    }

    private void refuseLargeBody(RoutingContext context) {
        long length = contentLength(context.request());
        if (length <= maxBodySize) {
            context.next();
            return;
        }
        ApiError error = new ApiError("payload-too-large", null,
                "request body (" + length + " bytes) must be at most " + maxBodySize
                        + " bytes");
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
                .putHeader(HttpHeaders.CONNECTION, "close")
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

    /** The path parameters of the request as {@code " (surfaceId 's-1')"}, or empty. */
    private static String ids(UriInfo uri) {
        if (uri == null) {
            return "";
        }
        Map<String, List<String>> parameters = uri.getPathParameters();
        if (parameters.isEmpty()) {
            return "";
        }
        return parameters.entrySet().stream()
                .map(p -> p.getKey() + " '" + String.join(",", p.getValue()) + "'")
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static Response respond(int status, ApiError error) {
        return status(status, error).build();
    }

    private static Response.ResponseBuilder status(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
    }
}
