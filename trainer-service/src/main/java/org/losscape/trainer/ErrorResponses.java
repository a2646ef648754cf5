package org.losscape.trainer;

import static org.losscape.messages.JsonReadErrors.fieldPath;
import static org.losscape.messages.JsonReadErrors.listElementType;
import static org.losscape.messages.JsonReadErrors.plainReason;
import static org.losscape.messages.JsonReadErrors.position;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.losscape.training.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper of the service: every error is JSON
 * {@code {"type": ..., "field": ..., "message": ...}} ({@code field} null when no single field
 * is at fault). 400 for a bad field or a bad or missing body, 404 for an unknown run, 409 for
 * cancelling a run that has ended, 413 for a body announced larger than
 * {@code quarkus.http.limits.max-body-size}, 415 for a body that is not JSON, 429 for a full
 * queue, 503 when the data cannot be read, 500 otherwise.
 *
 * <p>The 413 comes from a Vert.x route, as in viz-service: Quarkus refuses such a body ahead of
 * the REST layer, with an empty 413; the route runs just before that check and answers in JSON.
 */
@Singleton
class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** The body of every error response. */
    public record Error(String type, String field, String message) {}

    private static final Pattern REFUSED_STRING =
            Pattern.compile("^Cannot coerce String value \\(\"(.*)\"\\) to");

    private final TrainerConfig config;
    private final ObjectMapper json;
    private final long maxBodySize;

    ErrorResponses(
            TrainerConfig config,
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                    MemorySize maxBodySize) {
        this.config = config;
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    @ServerExceptionMapper
    Response invalidField(InvalidFieldException e) {
        return respond(400, new Error("invalid-field", e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    Response invalidArgument(IllegalArgumentException e) {
        return respond(400, new Error("invalid-request", null, e.getMessage()));
    }

    /**
     * Malformed JSON, or a value of the wrong type, an explicit null or an unknown field: the
     * JSON path names the field (or where parsing stopped), the message says what the field
     * must be in JSON's terms rather than Java's.
     */
    @ServerExceptionMapper
    Response unreadableBody(JsonProcessingException e) {
        // Jackson wraps an error of the parser in a mapping error along the path of the
        // objects it was reading; the parser itself knows the field it stopped in.
        JsonProcessingException error = e instanceof JsonMappingException
                && e.getCause() instanceof JsonProcessingException cause
                && !(cause instanceof JsonMappingException) ? cause : e;
        String field = fieldPath(error);

        return respond(400, new Error("unreadable-body", field, describe(error, field)));
    }

    private String describe(JsonProcessingException e, String field) {
        String subject = field != null ? field : "the request body";

        if (e instanceof UnrecognizedPropertyException unknown) {
            return subject + " is not a field of the request; known fields: "
                    + unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "));
        }
        if (e instanceof InvalidNullException) {
            return mustNotBeNull(field);
        }
        String expected = e instanceof MismatchedInputException mismatch
                ? expected(mismatch)
                : null;
        if (expected != null) {
            String given = givenValue(e);
            boolean quoted = given != null && given.startsWith("\"");
            return subject + (given != null ? " (" + given + ")" : "") + " must be " + expected
                    + (quoted && !expected.equals("a string") ? ", not a string" : "");
        }
        if (e instanceof InputCoercionException coercion
                && "an integer".equals(expected(coercion.getTargetType()))) {
            return subject + " is out of range: it must be " + expected(coercion.getTargetType())
                    + " in " + rangeOf(coercion.getTargetType());
        }
        if (e instanceof StreamConstraintsException) {
            return "the request body exceeds a limit of the JSON reader: "
                    + plainReason(e.getOriginalMessage());
        }
        if (e instanceof JsonParseException) {
            return "the request body is not valid JSON" + position(e.getLocation()) + ": "
                    + plainReason(e.getOriginalMessage());
        }
        return subject + " cannot be read: " + plainReason(e.getOriginalMessage());
    }

    /** A null is refused rather than read as the default, which a client may not expect. */
    private String mustNotBeNull(String field) {
        if (field == null || field.endsWith("]")) {
            return (field != null ? field : "the request body") + " must not be null: an array"
                    + " of the request holds values only";
        }
        String value = RunRequest.defaultOf(field, config.defaults());
        return field + " must not be null; leave it out for the default"
                + (value != null ? " (" + value + ")" : "");
    }

    /**
     * What the field of a value of the wrong type must be: its type in JSON's terms, an array
     * with its element type for a list field; null for types not known here.
     */
    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (type != null && Collection.class.isAssignableFrom(type)) {
            String elements = plural(listElementType(e));
            return "an array" + (elements != null ? " of " + elements : "");
        }
        if (type != null && type.isRecord()) {
            return "a JSON object";
        }
        return expected(type);
    }

    /**
     * The value that was given as JSON ({@code 1.7}, {@code "3"}); null when Jackson does not
     * keep it. Jackson keeps a string that it refused to convert only in its message ("Cannot
     * coerce String value ("3") to …"): the parser is closed by the time the error is
     * described.
     */
    private static String givenValue(JsonProcessingException e) {
        if (e instanceof InvalidFormatException format) {
            return format.getValue() instanceof String text
                    ? "\"" + text + "\""
                    : String.valueOf(format.getValue());
        }
        Matcher refusedString = REFUSED_STRING.matcher(String.valueOf(e.getOriginalMessage()));
        return refusedString.find() ? "\"" + refusedString.group(1) + "\"" : null;
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

        Error error = new Error("payload-too-large", null, "the request body (" + length
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

    /** How a type that a request field can have reads in a message; null for other types. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
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
        if (type == String.class) {
            return "a string";
        }
        return null;
    }

    /** {@link #expected(Class)} of several values; null for types not known here. */
    private static String plural(Class<?> type) {
        if (type == Integer.class || type == Long.class) {
            return "integers";
        }
        if (type == Double.class) {
            return "numbers";
        }
        if (type == String.class) {
            return "strings";
        }
        return null;
    }

    /** The values that an integer type holds, as {@code [min, max]}. */
    private static String rangeOf(Class<?> type) {
        return type == Long.class || type == long.class
                ? "[" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]"
                : "[" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]";
    }

    private static Response respond(int status, Error error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
