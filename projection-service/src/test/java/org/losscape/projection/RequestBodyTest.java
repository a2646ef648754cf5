package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.messages.Topics;
import org.losscape.projection.runs.RunIndex;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;

/**
 * Request bodies that are not what the endpoints read: fractions where whole numbers belong,
 * numbers out of range, misspelled fields, text that is not JSON. Each is a 400 in the error
 * format naming the field where reading stopped; none reaches planning, so no run is needed.
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
                .body("message", equalTo("seed (\"x\") must be a whole number"));
    }

    @Test
    void post_malformedJson_is400_namingWhereParsingStopped() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"no-run-needed\", \"grid\": {\"x\": {\"points\": }}}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("grid.x.points"))
                .body("message", startsWith("the request body is not valid JSON at line 1, "
                        + "column 53: Unexpected character ('}'"));
    }

    @Test
    void post_bodyThatIsNotJson_is400_inTheErrorFormat() {
        given().contentType(ContentType.JSON)
                .body("runId=run-1&grid=21")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", nullValue())
                .body("message", startsWith("the request body is not valid JSON at line 1, "
                        + "column 1: Unrecognized token 'runId'"));
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
}
