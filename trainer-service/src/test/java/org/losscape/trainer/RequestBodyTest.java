package org.losscape.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.messages.Json;
import org.losscape.testsupport.InfrastructureResource;

/**
 * Request bodies of {@code POST /runs} that are not what the service reads: values of another
 * JSON type, explicit nulls, bodies that are not a JSON object or not JSON, bodies too large.
 * Each is refused in the error format, in JSON's terms rather than Java's, and queues no run.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class RequestBodyTest {

    /** "epochs": "3" queued a 3-epoch run: Jackson read the string as a number. */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "\"epochs\": \"3\"         | epochs        | epochs (\"3\") must be an integer,"
                + " not a string",
        "\"learningRate\": \"0.1\" | learningRate  | learningRate (\"0.1\") must be a number,"
                + " not a string",
        "\"augment\": \"true\"     | augment       | augment (\"true\") must be true or false,"
                + " not a string",
        "\"augment\": 1            | augment       | augment (1) must be true or false",
        "\"epochs\": true          | epochs        | epochs must be an integer",
        "\"model\": 20             | model         | model (20) must be a string",
        "\"milestones\": \"5\"     | milestones    | milestones must be an array of integers",
        "\"milestones\": [\"5\"]   | milestones[0] | milestones[0] (\"5\") must be an integer,"
                + " not a string",
    })
    void postRun_valueOfAnotherJsonType_400NamingFieldAndType(
            String fields, String field, String message) {
        int runsBefore = runCount();

        given().contentType(ContentType.JSON)
                .body("{" + fields + ", \"trainSize\": 64, \"batchSize\": 32}")
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("type", equalTo("unreadable-body"))
                .body("field", equalTo(field))
                .body("message", equalTo(message));
        assertEquals(runsBefore, runCount(), "runs after a refused request");
    }

    /** "epochs": null queued a 300-epoch run on every image: null read as "the default". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "epochs      | epochs must not be null; leave it out for the default (300)",
        "model       | model must not be null; leave it out for the default (resnet20)",
        "trainSize   | trainSize must not be null; leave it out for the default"
                + " (the whole training split)",
        "autoSurface | autoSurface must not be null; leave it out for the default (the"
                + " projection service's losscape.projection.auto-surface.enabled)",
    })
    void postRun_explicitNull_400NamingFieldAndDefault(String field, String message) {
        int runsBefore = runCount();

        given().contentType(ContentType.JSON)
                .body("{\"" + field + "\": null}")
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("type", equalTo("unreadable-body"))
                .body("field", equalTo(field))
                .body("message", equalTo(message));
        assertEquals(runsBefore, runCount(), "runs after a refused request");
    }

    /** Answered with Jackson's wording, which named Java's int. */
    @Test
    void postRun_integerBeyondAnInt_400NamingTheRange() {
        given().contentType(ContentType.JSON)
                .body("{\"epochs\": 99999999999}")
                .when().post("/runs")
                .then().statusCode(400)
                .body("field", equalTo("epochs"))
                .body("message", equalTo("epochs is out of range: it must be an integer in"
                        + " [-2147483648, 2147483647]"));
    }

    @Test
    void postRun_nullMilestone_400NamingItsIndex() {
        given().contentType(ContentType.JSON)
                .body("{\"milestones\": [5, null], \"trainSize\": 64, \"batchSize\": 32}")
                .when().post("/runs")
                .then().statusCode(400)
                .body("field", equalTo("milestones[1]"))
                .body("message", startsWith("milestones[1] must not be null"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[]", "\"x\"", "5"})
    void postRun_bodyNotAnObject_400AskingForAnObject(String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("field", nullValue())
                .body("message", startsWith("the request body"))
                .body("message", org.hamcrest.Matchers.endsWith("must be a JSON object"));
    }

    @Test
    void postRun_unfinishedJson_400NamingLineAndColumnWithoutJavaText() {
        given().contentType(ContentType.JSON)
                .body("{")
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("type", equalTo("unreadable-body"))
                .body("message", equalTo("the request body is not valid JSON (line 1, column 2):"
                        + " unexpected end-of-input: expected close marker for Object"));
    }

    /** Answered with Jackson's wording, which named StreamReadConstraints. */
    @Test
    void postRun_nestedTooDeeply_400NamingTheLimitWithoutJavaText() {
        String body = "{\"a\": ".repeat(1001);

        given().contentType(ContentType.JSON)
                .body(body)
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("type", equalTo("unreadable-body"))
                .body("message", equalTo("the request body exceeds a limit of the JSON reader:"
                        + " document nesting depth (1001) exceeds the maximum allowed (1000)"));
    }

    /** Answered with an empty 413 before; viz-service answers JSON, and so does this one. */
    @Test
    void postRun_bodyLargerThanTheLimit_413JsonBeforeTheBodyIsSent() throws IOException {
        long announced = 12L << 20;

        String response = rawRequest("POST /runs HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + announced + "\r\n\r\n");

        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertTrue(head.startsWith("HTTP/1.1 413"), head);
        assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
        JsonNode error = Json.mapper().readTree(body);
        assertEquals("payload-too-large", error.get("type").asText());
        assertEquals("the request body (" + announced + " bytes) must be at most 10485760"
                + " bytes", error.get("message").asText());
    }

    /** Sends {@code head} (no body) and reads the answer until the server closes. */
    private static String rawRequest(String head) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int runCount() {
        return given().when().get("/runs").then().statusCode(200).extract().path("size()");
    }
}
