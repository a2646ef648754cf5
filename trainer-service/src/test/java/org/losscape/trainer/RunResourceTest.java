package org.losscape.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.EpochMetrics;
import org.losscape.messages.Json;
import org.losscape.messages.Topics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.weights.Checkpoints;

/** The REST API against a real Kafka broker and a real S3 server, training real ResNet-20s. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class RunResourceTest {

    private static final String TINY_RUN = """
            {"model": "resnet20", "dataset": "cifar10", "epochs": 1, "batchSize": 64,
             "learningRate": 0.05, "momentum": 0.9, "nesterov": true, "weightDecay": 5e-4,
             "milestones": [], "gamma": 0.1, "seed": 11, "trainSize": 256, "testSize": 128,
             "augment": true}
            """;

    @Inject
    ObjectStore store;

    @TestHTTPResource("/runs")
    URI runsUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void postRun_tinyRun_doneWithStoredCheckpointsAndTwoEvents() throws Exception {
        String id = given().contentType(ContentType.JSON).body(TINY_RUN)
                .when().post("/runs")
                .then().statusCode(201)
                .header("Location", containsString("/runs/run-"))
                .body("config.trainSize", equalTo(256))
                .body("work.steps", equalTo(4))
                .body("work.trainingImages", equalTo(256))
                .body("work.evaluatedImages", equalTo(2 * (256 + 128)))
                .extract().path("id");

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("QUEUED", "RUNNING").contains(state(id)));

        given().when().get("/runs/" + id)
                .then().statusCode(200)
                .body("state", equalTo("DONE"))
                .body("epochsDone", equalTo(1))
                .body("metrics.size()", equalTo(2))
                .body("checkpoints", hasItem(ObjectKeys.checkpoint(id, 1)));
        given().when().get("/runs").then().statusCode(200).body("id", hasItem(id));
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("losscape_training_step_seconds_count"))
                .body(containsString("losscape_training_epochs_total"))
                .body(containsString("losscape_training_images_per_second"));
        for (int epoch = 0; epoch <= 1; epoch++) {
            byte[] bytes = store.get(ObjectKeys.checkpoint(id, epoch));
            try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 99)) {
                Checkpoints.load(model, bytes);
                assertArrayEquals(bytes, Checkpoints.save(model), "checkpoint of epoch " + epoch);
            }
        }
        RunView stored = Json.fromBytes(store.get(ObjectKeys.run(id)), RunView.class);
        assertEquals(RunState.DONE, stored.state());

        List<CheckpointEvent> events = checkpointEvents(id, 2);
        assertEquals(List.of(0, 1), events.stream().map(CheckpointEvent::epoch).toList());
        assertFalse(events.get(0).last());
        assertTrue(events.get(1).last());
        for (CheckpointEvent event : events) {
            assertEquals(ObjectKeys.checkpoint(id, event.epoch()), event.checkpointKey());
            assertEquals("resnet20", event.model());
            assertEquals(1, event.epochs());
            assertFinite(event.metrics());
            assertNull(event.autoSurface(), "no autoSurface asked: the projection decides");
        }
    }

    /** The run's word on the auto surface travels in the run document and in every event. */
    @Test
    void postRun_autoSurfaceFalse_inRunDocumentAndEveryEvent() {
        String body = """
                {"epochs": 1, "batchSize": 32, "seed": 5, "trainSize": 64, "testSize": 32,
                 "augment": false, "autoSurface": false}
                """;

        String id = given().contentType(ContentType.JSON).body(body)
                .when().post("/runs")
                .then().statusCode(201)
                .body("autoSurface", equalTo(false))
                .extract().path("id");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("QUEUED", "RUNNING").contains(state(id)));

        given().when().get("/runs/" + id)
                .then().statusCode(200)
                .body("state", equalTo("DONE"))
                .body("autoSurface", equalTo(false));
        RunView stored = Json.fromBytes(store.get(ObjectKeys.run(id)), RunView.class);
        assertEquals(Boolean.FALSE, stored.autoSurface());
        List<CheckpointEvent> events = checkpointEvents(id, 2);
        assertEquals(List.of(false, false),
                events.stream().map(CheckpointEvent::autoSurface).toList());
        assertTrue(events.get(1).last());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "model        | {\"model\": \"resnet21\", \"trainSize\": 64, \"batchSize\": 32}",
        "epochs       | {\"epochs\": 0, \"trainSize\": 64, \"batchSize\": 32}",
        "batchSize    | {\"batchSize\": 0, \"trainSize\": 64}",
        "learningRate | {\"learningRate\": \"NaN\", \"trainSize\": 64, \"batchSize\": 32}",
        "dataset      | {\"dataset\": \"imagenet\"}",
        "trainSize    | {\"trainSize\": 4001, \"batchSize\": 32}",
        "milestones   | {\"milestones\": [3, 2], \"trainSize\": 64, \"batchSize\": 32}",
        "epochs       | {\"epochs\": \"many\"}",
        "batchSize    | {\"batchSize\": 4097, \"trainSize\": 64}",
        "lrSchedule   | {\"lrSchedule\": \"cosine\", \"trainSize\": 64, \"batchSize\": 32}",
        "milestones   | {\"lrSchedule\": \"plateau\", \"milestones\": [3], \"trainSize\": 64,"
                + " \"batchSize\": 32}",
        "gamma        | {\"lrSchedule\": \"plateau\", \"gamma\": 1, \"trainSize\": 64,"
                + " \"batchSize\": 32}",
        "patience     | {\"lrSchedule\": \"plateau\", \"patience\": -1, \"trainSize\": 64,"
                + " \"batchSize\": 32}",
        "minLearningRate | {\"minLearningRate\": 0.5, \"learningRate\": 0.1,"
                + " \"trainSize\": 64, \"batchSize\": 32}",
        "autoSurface  | {\"autoSurface\": \"sometimes\", \"trainSize\": 64, \"batchSize\": 32}",
        "seed         | {\"seed\": 2.5, \"epochs\": 1, \"trainSize\": 64, \"batchSize\": 32}",
        "milestones[0] | {\"milestones\": [1.5], \"epochs\": 1, \"trainSize\": 64,"
                + " \"batchSize\": 32}",
        "trainSize    | {\"trainSize\": 64.0, \"epochs\": 1, \"batchSize\": 32}",
    })
    void postRun_badField_400NamingField(String field, String body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/runs")
                .then().log().ifValidationFails()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("field", equalTo(field))
                .body("message", containsString(field));
    }

    /** Jackson would truncate 1.7 to 1 and train one epoch nobody asked for. */
    @Test
    void postRun_fractionalEpochs_400NamingEpochs() {
        int runsBefore = runCount();

        given().contentType(ContentType.JSON)
                .body("{\"epochs\": 1.7, \"trainSize\": 64, \"batchSize\": 32}")
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("type", equalTo("unreadable-body"))
                .body("field", equalTo("epochs"))
                .body("message", equalTo("epochs (1.7) must be an integer"));
        assertEquals(runsBefore, runCount(), "runs after a refused request");
    }

    /**
     * No body, or JSON null, is a mistake rather than a wish for the defaults (a day of
     * training): refused, saying which fields set the run's length and that {} takes them all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "null"})
    void postRun_noBody_400SayingBodyRequired(String body) {
        int runsBefore = runCount();

        given().contentType(ContentType.JSON).body(body)
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("type", equalTo("missing-body"))
                .body("message", containsString("a request body is required"))
                .body("message", containsString("epochs, trainSize and batchSize"))
                .body("message", containsString("{} takes every default: resnet20, 300 epochs"));
        assertEquals(runsBefore, runCount(), "runs after a refused request");
    }

    /**
     * A body not declared as JSON is refused with a JSON answer; JAX-RS on its own would
     * accept a body without Content-Type or with a wildcard type.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"text/plain", "none", "*/*", "application/*"})
    void postRun_bodyNotDeclaredJson_415Json(String contentType) throws Exception {
        int runsBefore = runCount();
        HttpRequest.Builder request = HttpRequest.newBuilder(runsUri)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(415, response.statusCode(), response.body());
        assertEquals("application/json",
                response.headers().firstValue("Content-Type").orElse(null));
        ErrorResponses.Error error = Json.fromJson(response.body(), ErrorResponses.Error.class);
        assertEquals("unsupported-media-type", error.type());
        assertEquals("Content-Type (" + (contentType == null ? "none" : contentType)
                + ") must be application/json", error.message());
        assertEquals(runsBefore, runCount(), "runs after a refused request");
    }

    /**
     * The 4,000-image subset cannot fill a batch of 4,096: with trainSize left to the whole
     * split the request is refused, naming batchSize and the split's size.
     */
    @Test
    void postRun_batchLargerThanSubset_400NamingBatchSizeAndTrainSize() {
        given().contentType(ContentType.JSON).body("{\"batchSize\": 4096}")
                .when().post("/runs")
                .then().statusCode(400)
                .body("type", equalTo("invalid-field"))
                .body("field", equalTo("batchSize"))
                .body("message", equalTo("batchSize (4096) must be at most trainSize (4000)"));
    }

    /**
     * A rate of 1e4 diverges in epoch 1 and a NaN loss never improves, so with patience 0 the
     * plateau schedule halves the rate after each epoch; the run document and every published
     * event carry the rate the epoch was trained at. No milestones are sent, and the default
     * ones, which belong to the milestone schedule, are not applied.
     */
    @Test
    void postRun_plateauSchedule_publishesScheduledRates() throws Exception {
        String body = """
                {"epochs": 2, "batchSize": 32, "learningRate": 1e4, "lrSchedule": "plateau",
                 "gamma": 0.5, "patience": 0, "minLearningRate": 1e3, "seed": 3,
                 "trainSize": 64, "testSize": 32, "augment": false}
                """;

        String id = given().contentType(ContentType.JSON).body(body)
                .when().post("/runs")
                .then().statusCode(201)
                .body("config.lrSchedule", equalTo("plateau"))
                .body("config.milestones.size()", equalTo(0))
                .body("config.patience", equalTo(0))
                .body("config.minLearningRate", equalTo(1000.0f))
                .extract().path("id");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("QUEUED", "RUNNING").contains(state(id)));

        given().when().get("/runs/" + id)
                .then().statusCode(200)
                .body("state", equalTo("DONE"))
                .body("metrics.learningRate", equalTo(List.of(1e4f, 1e4f, 5e3f)));
        List<Double> published = checkpointEvents(id, 3).stream()
                .map(event -> event.metrics().learningRate())
                .toList();
        assertEquals(List.of(1e4, 1e4, 5e3), published);
    }

    @Test
    void getRun_unknownId_404JsonNamingId() {
        given().when().get("/runs/run-nope")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("type", equalTo("not-found"))
                .body("field", equalTo("id"))
                .body("message", containsString("run-nope"));
    }

    @Test
    void health_objectStoreReachable_ready() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("object-store"));
    }

    private static String state(String id) {
        return given().when().get("/runs/" + id).then().statusCode(200).extract().path("state");
    }

    private static int runCount() {
        return given().when().get("/runs").then().statusCode(200).extract().path("size()");
    }

    /** The first {@code count} events of run {@code id} on topic checkpoints, in order. */
    private List<CheckpointEvent> checkpointEvents(String id, int count) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<CheckpointEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CHECKPOINTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record
                        : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(record.key())) {
                        events.add(Json.fromBytes(record.value(), CheckpointEvent.class));
                    }
                }
            }
        }
        assertEquals(count, events.size(), "events of run " + id + " on " + Topics.CHECKPOINTS);
        return events;
    }

    private static void assertFinite(EpochMetrics metrics) {
        assertTrue(Double.isFinite(metrics.trainLoss()), metrics.toString());
        assertTrue(Double.isFinite(metrics.testLoss()), metrics.toString());
        assertTrue(metrics.trainAccuracy() >= 0 && metrics.trainAccuracy() <= 1);
        assertTrue(metrics.testAccuracy() >= 0 && metrics.testAccuracy() <= 1);
    }
}
