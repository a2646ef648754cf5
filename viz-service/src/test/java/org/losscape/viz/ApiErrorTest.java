package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;
import org.losscape.messages.Json;
import org.losscape.messages.SurfacePlanned;
import org.losscape.testsupport.InfrastructureResource;

/**
 * The error contract of the REST API: every error is a JSON {@code {type, field, message}} from
 * the one mapper, whether a resource refused the request, the HTTP layer did (wrong method,
 * unknown path, a body over the limit), or something failed unexpectedly.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class ApiErrorTest {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final String FORMATS = "h5 (or hdf5), vtp, csv, json";

    private static Publisher publisher;

    @BeforeAll
    static void connect() {
        publisher = new Publisher();
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
    }

    @Test
    void unexpectedException_500JsonNamingTheSurfaceAndLoggedOnce() {
        String surfaceId = Fixtures.newId("defect");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = message(record);
                boolean ours = text.contains(surfaceId) || (record.getThrown() != null
                        && FailingResource.DEFECT.equals(record.getThrown().getMessage()));
                if (ours) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            given().get("/api/test-failures/" + surfaceId)
                    .then()
                    .statusCode(500)
                    .contentType(containsString("application/json"))
                    .body("type", equalTo("internal"))
                    .body("field", nullValue())
                    .body("message", containsString("surfaceId '" + surfaceId + "'"))
                    .body("message", containsString(FailingResource.DEFECT));
        } finally {
            root.removeHandler(capture);
        }

        assertEquals(1, records.size(), "logged once: " + records.stream()
                .map(ApiErrorTest::message).toList());
        LogRecord record = records.get(0);
        assertTrue(record.getLevel().intValue() >= Level.WARNING.intValue(),
                "a warning or an error, got " + record.getLevel());
        assertTrue(message(record).contains(surfaceId), message(record));
        assertEquals(IllegalStateException.class, record.getThrown().getClass());
    }

    @Test
    void export_nonFiniteCoordinate_409JsonForEveryFormatAndValuesStillServed() {
        // max − min overflows to ∞, so α = min + ∞·k/2 is NaN at k = 0 and ∞ after it.
        GridSpec grid = new GridSpec(new Axis(-1e308, 1e308, 3), new Axis(-1, 1, 2));
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("overflow"), grid);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 6));
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + plan.surfaceId()).statusCode() == 200
                        && given().get("/api/surfaces/" + plan.surfaceId()).jsonPath()
                                .getInt("pointsDone") == 6);

        for (String format : List.of("h5", "vtp", "csv", "json")) {
            given().get("/api/surfaces/" + plan.surfaceId() + "/export?format=" + format)
                    .then()
                    .statusCode(409)
                    .contentType(containsString("application/json"))
                    .body("type", equalTo("conflict"))
                    .body("field", equalTo("surfaceId"))
                    .body("message", containsString(plan.surfaceId()))
                    .body("message", containsString("grid.x (min -1.0E308, max 1.0E308"))
                    .body("message", containsString("NaN at i = 0"));
        }
        given().get("/api/surfaces/" + plan.surfaceId() + "/values")
                .then()
                .statusCode(200)
                .body("xcoordinates[0]", equalTo("NaN"))
                .body("xcoordinates[1]", equalTo("Infinity"));
    }

    @Test
    void export_missingOrUnknownFormat_400WithOneMessageNamingFieldAndValues() {
        given().get("/api/surfaces/any-surface/export")
                .then()
                .statusCode(400)
                .body("type", equalTo("bad-request"))
                .body("field", equalTo("format"))
                .body("message", equalTo("format (none given) must be one of " + FORMATS));
        given().get("/api/surfaces/any-surface/export?format=xls")
                .then()
                .statusCode(400)
                .body("field", equalTo("format"))
                .body("message", equalTo("format (xls) must be one of " + FORMATS));
    }

    @Test
    void wrongMethod_405JsonNamingTheAllowedMethods() {
        for (String path : List.of("/api/surfaces", "/api/runs/some-run", "/api/groups")) {
            String allow = given().post(path)
                    .then()
                    .statusCode(405)
                    .contentType(containsString("application/json"))
                    .body("type", equalTo("method-not-allowed"))
                    .body("message", containsString("POST " + path))
                    .body("message", containsString("GET"))
                    .extract()
                    .header("Allow");
            assertTrue(allow != null && allow.contains("GET"), path + ": Allow " + allow);
        }
        given().delete("/api/surfaces/some-surface/export?format=h5")
                .then()
                .statusCode(405)
                .body("type", equalTo("method-not-allowed"));
    }

    @Test
    void unknownApiPath_404Json() {
        for (String path : List.of("/api/nothing", "/api/surfaces/some-surface/nothing")) {
            given().get(path)
                    .then()
                    .statusCode(404)
                    .contentType(containsString("application/json"))
                    .body("type", equalTo("not-found"))
                    .body("message", containsString(path));
        }
    }

    @Test
    void unservableAccept_406JsonNamingTheHeader() {
        given().accept("text/csv")
                .get("/api/runs")
                .then()
                .statusCode(406)
                .contentType(containsString("application/json"))
                .body("type", equalTo("not-acceptable"))
                .body("field", equalTo("Accept"))
                .body("message", containsString("text/csv"));
    }

    @Test
    void tooLargeBody_413JsonBeforeTheBodyIsSent() throws IOException {
        long announced = 11L << 20;

        String response = rawRequest("POST /api/surfaces HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + announced + "\r\n\r\n");

        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertTrue(head.startsWith("HTTP/1.1 413"), head);
        assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
        JsonNode error = Json.mapper().readTree(body);
        assertEquals("payload-too-large", error.get("type").asText());
        assertTrue(error.get("message").asText().contains("(" + announced + " bytes)"),
                error.toString());
        assertTrue(error.get("message").asText().contains("at most 10485760 bytes"),
                error.toString());
    }

    /** Sends {@code head} (no body) and reads the answer until the server closes. */
    private static String rawRequest(String head) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout((int) KAFKA_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String message(LogRecord record) {
        return record instanceof ExtLogRecord ext
                ? String.valueOf(ext.getFormattedMessage())
                : String.valueOf(record.getMessage());
    }
}
