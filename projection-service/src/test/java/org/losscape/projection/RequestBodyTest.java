package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.messages.Json;
import org.losscape.messages.Topics;
import org.losscape.projection.api.ApiError;
import org.losscape.projection.runs.RunIndex;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;

/**
 * Request bodies that are not what the endpoints read: fractions or strings where numbers
 * belong, explicit nulls, numbers out of range, misspelled fields, text that is not JSON,
 * bodies too large; and checkpoint paths whose epoch is not a number. Each is refused in the
 * error format naming the field where reading stopped; none reaches planning, so no run is
 * needed.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class RequestBodyTest {

    @Inject
    RunIndex runs;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** "points": 2.5 planned a 2-point axis: Jackson truncated the fraction in silence. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"grid\": {\"x\": {\"points\": 2.5}} | grid.x.points | 2.5",
        "\"chunkSize\": 8.5                 | chunkSize     | 8.5",
        "\"epoch\": 1.7                     | epoch         | 1.7",
        "\"seed\": 1e30                     | seed          | 1.0E30",
        "\"seeds\": [1, 2.5]                | seeds[1]      | 2.5",
        "\"evalSet\": {\"size\": 1e3}       | evalSet.size  | 1000.0",
    })
    void post_fractionOrExponentForAWholeNumber_is400_namingTheField(
            String fields, String field, String shown) {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", " + fields + "}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo(field))
                .body("message", equalTo(field + " (" + shown + ") must be a whole number, "
                        + "without a fraction or an exponent"));
    }

    @Test
    void post_pointsBeyondAnInt_is400_namingTheFieldAndTheRange() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", "
                        + "\"grid\": {\"x\": {\"points\": 99999999999}}}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("grid.x.points"))
                .body("message", equalTo("grid.x.points (99999999999) is out of range: it must "
                        + "be a whole number in [-2147483648, 2147483647]"));
    }

    @Test
    void post_seedBeyondALong_is400_namingTheFieldAndTheRange() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", \"seed\": 99999999999999999999}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("seed"))
                .body("message", equalTo("seed (99999999999999999999) is out of range: it must "
                        + "be a whole number in [-9223372036854775808, 9223372036854775807]"));
    }

    @Test
    void post_stringForANumber_is400_namingTheFieldAndTheType() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", \"seed\": \"x\"}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("seed"))
                .body("message", equalTo("seed (\"x\") must be a whole number, not a string"));
    }

    /** "points": "3" planned a 3-point axis: Jackson read the string as a number. */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "\"grid\": {\"x\": {\"points\": \"3\"}} | grid.x.points | grid.x.points (\"3\") must be"
                + " a whole number, not a string",
        "\"grid\": {\"y\": {\"min\": \"-1\"}}   | grid.y.min    | grid.y.min (\"-1\") must be"
                + " a number, not a string",
        "\"includeBiasAndBatchNorm\": \"true\"   | includeBiasAndBatchNorm"
                + " | includeBiasAndBatchNorm (\"true\") must be true or false, not a string",
        "\"directions\": 1                       | directions    | directions (1) must be a"
                + " string",
        "\"seeds\": \"1\"                        | seeds         | seeds must be an array of"
                + " whole numbers",
    })
    void post_valueOfAnotherJsonType_is400_namingTheFieldAndTheType(
            String fields, String field, String message) {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", " + fields + "}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo(field))
                .body("message", equalTo(message));
    }

    /** "grid": {"x": {"points": null}} planned the default axis, not what was written. */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/surfaces       | {\"runId\": \"r\", \"grid\": {\"x\": {\"points\": null}}}"
                + " | grid.x.points | grid.x.points must not be null; leave it out for the"
                + " default (21)",
        "/surfaces       | {\"runId\": \"r\", \"epoch\": null} | epoch | epoch must not be null;"
                + " leave it out for the default (the run's latest checkpoint)",
        "/surfaces       | {\"runId\": null} | runId | runId must not be null: it is required",
        "/surfaces       | {\"runId\": \"r\", \"seeds\": [1, null]} | seeds[1] | seeds[1] must"
                + " not be null: an array of the request holds values only",
        "/comparisons    | {\"runIds\": [\"a\", \"b\"], \"chunkSize\": null} | chunkSize"
                + " | chunkSize must not be null; leave it out for the default (8)",
        "/interpolations | {\"runA\": \"a\", \"runB\": \"b\", \"alpha\": null} | alpha"
                + " | alpha must not be null; leave it out for the default ([-0.5, 1.5], 41"
                + " points)",
    })
    void post_explicitNull_is400_namingTheFieldAndItsDefault(
            String path, String body, String field, String message) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when().post(path)
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo(field))
                .body("message", equalTo(message));
    }

    /** Answered with Jackson's wording, which named a Java setting in the source location. */
    @Test
    void post_unfinishedJson_is400_namingLineAndColumnWithoutJavaText() {
        given().contentType(ContentType.JSON)
                .body("{")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("message", equalTo("the request body is not valid JSON (line 1, column 2):"
                        + " unexpected end-of-input: expected close marker for Object"));
    }

    /** Answered with Jackson's wording, which named StreamReadConstraints. */
    @Test
    void post_nestedTooDeeply_is400_namingTheLimitWithoutJavaText() {
        given().contentType(ContentType.JSON)
                .body("{\"a\": ".repeat(1001))
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("message", equalTo("the request body exceeds a limit of the JSON reader:"
                        + " document nesting depth (1001) exceeds the maximum allowed (1000)"));
    }

    /** Answered with an empty 413 before; viz-service answers JSON, and so does this one. */
    @Test
    void post_bodyLargerThanTheLimit_is413InTheErrorFormat() throws IOException {
        long announced = 40L << 20;

        String response = rawRequest("POST /surfaces HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + announced + "\r\n\r\n");

        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertTrue(head.startsWith("HTTP/1.1 413"), head);
        assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
        ApiError error = Json.fromJson(body, ApiError.class);
        assertEquals("payload-too-large", error.type());
        assertEquals("the request body (" + announced + " bytes) must be at most 33554432"
                + " bytes", error.message());
    }

    /** -1 and abc were a 404 "Unable to find matching target resource method". */
    @ParameterizedTest
    @CsvSource({"-1", "abc", "1234567890"})
    void importCheckpoint_epochNotAWholeNumber_is400_namingEpochAndItsRange(String epoch) {
        given().contentType("application/octet-stream")
                .body(new byte[] {1, 2, 3})
                .when().post("/runs/imp1/checkpoints/" + epoch + "?model=resnet20")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("epoch"))
                .body("message", equalTo("epoch (" + epoch + ") must be a whole number in"
                        + " [0, 999999999]"));
    }

    @Test
    void exportCheckpoint_epochNotAWholeNumber_is400_namingEpoch() {
        given().when().get("/runs/imp1/checkpoints/abc.safetensors")
                .then().statusCode(400)
                .body("field", equalTo("epoch"));
    }

    @Test
    void post_malformedJson_is400_namingWhereParsingStopped() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", \"grid\": {\"x\": {\"points\": }}}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("grid.x.points"))
                .body("message", startsWith("the request body is not valid JSON (line 1, "
                        + "column 53): unexpected character ('}'"));
    }

    @Test
    void post_bodyThatIsNotJson_is400_inTheErrorFormat() {
        given().contentType(ContentType.JSON)
                .body("runId=run-1&grid=21")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", nullValue())
                .body("message", startsWith("the request body is not valid JSON (line 1, "
                        + "column 1): unrecognized token 'runId'"));
    }

    @Test
    void post_numberForAnObject_is400_namingTheFieldAndTheType() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", \"grid\": 5}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("grid"))
                .body("message", equalTo("grid must be a JSON object"));
    }

    @Test
    void post_jsonArrayForTheBody_is400_askingForAnObject() {
        given().contentType(ContentType.JSON)
                .body("[{\"runId\": \"no-run-needed\"}]")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", nullValue())
                .body("message", equalTo("the request body must be a JSON object"));
    }

    @Test
    void post_plainText_is415_namingTheAcceptedTypes() {
        given().contentType(ContentType.TEXT)
                .body("runId=run-1")
                .when().post("/surfaces")
                .then().statusCode(415)
                .body("message", startsWith("Content-Type (text/plain"))
                .body("message", org.hamcrest.Matchers.containsString("application/json"));
    }

    /** {"runId": …, "grdi": {}} planned a default 21×21 surface. */
    @Test
    void post_misspelledField_is400_namingItAndTheKnownFields() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", \"grdi\": {}}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("grdi"))
                .body("message", equalTo("grdi is not a field of the request; known fields: "
                        + "chunkSize, directions, epoch, evalSet, grid, includeBiasAndBatchNorm, "
                        + "margin, moveBatchNormStatistics, normalization, runId, seed, seeds"));
    }

    @Test
    void post_misspelledNestedField_is400_namingItsPath() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", \"grid\": {\"x\": {\"point\": 3}}}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("grid.x.point"))
                .body("message", equalTo("grid.x.point is not a field of grid.x; known fields: "
                        + "max, min, points"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/interpolations | {\"runA\": \"a\", \"runB\": \"b\", \"alpah\": {}}       | alpah",
        "/interpolations | {\"runA\": \"a\", \"runB\": \"b\", \"alpha\": {\"points\": 41.5}} "
                + "| alpha.points",
        "/comparisons    | {\"runIds\": [\"a\", \"b\"], \"seeds\": [1, 2]}         | seeds",
        "/comparisons    | {\"runIds\": [\"a\", \"b\"], \"chunkSize\": 1e2}        | chunkSize",
    })
    void post_otherEndpoints_unknownFieldOrFraction_is400_namingTheField(
            String path, String body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .when().post(path)
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo(field));
    }

    /** Strict request bodies must not make Kafka strict: readers survive newer writers. */
    @Test
    void checkpointEvent_withAFieldFromANewerWriter_isStillRead() {
        String event = """
                {"runId": "run-newer-writer", "model": "resnet20", "dataset": "cifar10",
                 "epoch": 0, "epochs": 3,
                 "checkpointKey": "runs/run-newer-writer/checkpoints/epoch-0000.params",
                 "last": false, "createdAt": "2025-01-31T12:00:00Z",
                 "fieldOfANewerWriter": {"anything": 1}}""";

        KafkaTopics.send(bootstrapServers, Topics.CHECKPOINTS, "run-newer-writer", event);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> runs.find("run-newer-writer", 0).isPresent());
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
}
