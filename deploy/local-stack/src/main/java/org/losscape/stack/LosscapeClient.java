package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.losscape.messages.Json;

/**
 * A small JSON client for the services' REST APIs, using the shared {@link Json} mapper (so
 * NaN and ±∞ read back from their string form). A non-2xx answer becomes a
 * {@link StackException} quoting the service's JSON error.
 */
final class LosscapeClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JsonNode get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
    }

    /** The answer of {@code GET uri}, or empty when the service answers 404. */
    Optional<JsonNode> find(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(request, check(request, response)));
    }

    /** The body of {@code GET uri} as bytes, e.g. a file export. */
    byte[] getBytes(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        HttpResponse<byte[]> response =
                exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new StackException(describe(request) + " answered " + response.statusCode()
                    + ": " + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
        }
        return response.body();
    }

    String getText(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        return check(request, exchange(request, HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode post(URI uri, Object body) {
        return post(uri, body, TIMEOUT);
    }

    /** A POST whose answer may take longer than usual, e.g. a plan that evaluates a path. */
    JsonNode post(URI uri, Object body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body)))
                .build();
        return send(request);
    }

    private JsonNode send(HttpRequest request) {
        return parse(request,
                check(request, exchange(request, HttpResponse.BodyHandlers.ofString())));
    }

    private static JsonNode parse(HttpRequest request, String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new StackException(describe(request) + " answered with malformed JSON: "
                    + abbreviate(body), e);
        }
    }

    private <T> HttpResponse<T> exchange(
            HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new StackException(describe(request) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(describe(request) + " interrupted", e);
        }
    }

    private static String check(HttpRequest request, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new StackException(describe(request) + " answered " + response.statusCode()
                    + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    private static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + " ...";
    }
}
