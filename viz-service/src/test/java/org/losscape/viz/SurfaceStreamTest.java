package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;
import org.losscape.messages.SurfacePlanned;
import org.losscape.testsupport.InfrastructureResource;

/** The server-sent event streams, read as a browser would: raw {@code text/event-stream}. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class SurfaceStreamTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One parsed server-sent event, with the names of its fields in the order sent. */
    record Event(String name, JsonNode data, List<String> fields) {}

    @TestHTTPResource("/")
    URI root;

    private static Publisher publisher;
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void connect() {
        publisher = new Publisher();
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
    }

    @Test
    void surfaceEvents_snapshotThenOneChunkEventPerNewChunk() throws Exception {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("stream"), 3, 2);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 2));
        await().atMost(TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + plan.surfaceId())
                        .jsonPath().getInt("pointsDone") == 2);

        try (InputStream stream = open("api/surfaces/" + plan.surfaceId() + "/events")) {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            Event snapshot = next(lines);
            publisher.values(Fixtures.chunk(plan, 0, 0, 2));
            publisher.values(
                    Fixtures.chunk(plan, 1, 2, 4, index -> index == 3 ? Double.NaN : 1.5));
            Event chunk = next(lines);

            assertEquals("snapshot", snapshot.name());
            assertEquals(2, snapshot.data().at("/surface/pointsDone").asInt());
            assertEquals(6, snapshot.data().at("/surface/pointsTotal").asInt());
            assertEquals(3, snapshot.data().at("/values/loss").size());
            assertTrue(snapshot.data().at("/values/loss/1/0").isNull(), "index 2 not there yet");

            assertEquals("chunk", chunk.name(), "the redelivered chunk 0 sends no event");
            assertEquals(1, chunk.data().get("chunkIndex").asInt());
            assertEquals(6, chunk.data().get("pointsDone").asInt());
            assertEquals("complete", chunk.data().get("state").asText());
            List<Integer> indices = new ArrayList<>();
            chunk.data().get("points").forEach(p -> indices.add(p.get("index").asInt()));
            assertEquals(List.of(2, 3, 4, 5), indices);
            assertEquals("NaN", chunk.data().at("/points/1/loss").asText());
        }
    }

    @Test
    void listEvents_snapshotThenRunEventWhenACheckpointArrives() throws Exception {
        String runId = Fixtures.newId("live-run");

        try (InputStream stream = open("api/events")) {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            Event snapshot = next(lines);
            publisher.checkpoint(Fixtures.checkpoint(runId, 0, 2));
            Event run = nextNamed(lines, "run", runId);

            assertEquals("snapshot", snapshot.name());
            assertTrue(snapshot.data().has("runs"));
            assertTrue(snapshot.data().has("surfaces"));
            assertEquals("training", run.data().at("/summary/state").asText());
            assertEquals(1, run.data().get("history").size());
        }
    }

    @Test
    void eventStreams_rawEvents_onlyEventAndDataFieldsWithJsonObjects() throws Exception {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("raw-stream"), 2, 2);
        publisher.planned(plan);
        await().atMost(TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + plan.surfaceId()).statusCode() == 200);

        List<Event> events = new ArrayList<>();
        try (InputStream stream = open("api/surfaces/" + plan.surfaceId() + "/events")) {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            events.add(next(lines));
            publisher.values(Fixtures.chunk(plan, 0, 0, 2));
            events.add(next(lines));
        }
        try (InputStream stream = open("api/events")) {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            events.add(next(lines));
        }

        for (Event event : events) {
            assertEquals(
                    List.of("event", "data"),
                    event.fields(),
                    "event '" + event.name() + "' has fields other than event and data");
            assertTrue(event.data().isObject(), "data of '" + event.name() + "' is a JSON object");
        }
    }

    private InputStream open(String path) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(root.resolve(path))
                        .header("Accept", "text/event-stream")
                        .build();
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The next event with a name, skipping heartbeat comments; fails after the timeout. */
    private Event next(BufferedReader lines) throws Exception {
        Future<Event> event =
                reader.submit(
                        () -> {
                            String name = null;
                            StringBuilder data = new StringBuilder();
                            List<String> fields = new ArrayList<>();
                            for (String line = lines.readLine();
                                    line != null;
                                    line = lines.readLine()) {
                                if (!line.isEmpty() && !line.startsWith(":")) {
                                    fields.add(line.substring(0, Math.max(0, line.indexOf(':'))));
                                }
                                if (line.startsWith("event:")) {
                                    name = line.substring("event:".length()).trim();
                                } else if (line.startsWith("data:")) {
                                    data.append(line.substring("data:".length()).trim());
                                } else if (line.isEmpty() && name != null) {
                                    JsonNode json = Json.mapper().readTree(data.toString());
                                    return new Event(name, json, fields);
                                }
                            }
                            throw new IllegalStateException("stream ended");
                        });
        return event.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next event named {@code name} that mentions {@code id}; others are skipped. */
    private Event nextNamed(BufferedReader lines, String name, String id) throws Exception {
        while (true) {
            Event event = next(lines);
            if (event.name().equals(name) && event.data().toString().contains(id)) {
                return event;
            }
        }
    }
}
