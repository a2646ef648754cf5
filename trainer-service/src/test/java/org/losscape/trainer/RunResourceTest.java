package org.losscape.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
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
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.losscape.messages.RunEnded;
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

    /** Two steps an epoch, 200 epochs: it runs until a test cancels it. */
    private static final String LONG_RUN = """
            {"epochs": 200, "batchSize": 32, "seed": 7, "trainSize": 64, "testSize": 32,
             "augment": false, "autoSurface": false}
            """;

    private static final String SMALL_RUN = """
            {"epochs": 1, "batchSize": 32, "seed": 8, "trainSize": 64, "testSize": 32,
             "augment": false, "autoSurface": false}
            """;

    /** Samples of the step timer: one per SGD step. */
    private static final String STEP_COUNT = "losscape_training_step_seconds_count";
    /** Training epochs completed; epoch 0, the initialization, is not one. */
    private static final String EPOCHS = "losscape_training_epochs_total";

    @Inject
    ObjectStore store;

    @TestHTTPResource("/runs")
    URI runsUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /**
     * Besides what the run stores and publishes, the meters count its work: the step timer
     * gains at least one sample per step and the epoch counter at least its one epoch (other
     * runs of this JVM may add to both, never take away).
     */
    @Test
    void postRun_tinyRun_doneWithStoredCheckpointsAndTwoEvents() throws Exception {
        double stepsBefore = metric(STEP_COUNT);
        double epochsBefore = metric(EPOCHS);

        ExtractableResponse<Response> created = given().contentType(ContentType.JSON)
                .body(TINY_RUN)
                .when().post("/runs")
                .then().statusCode(201)
                .header("Location", containsString("/runs/run-"))
                .body("config.trainSize", equalTo(256))
                .body("work.steps", equalTo(4))
                .body("work.trainingImages", equalTo(256))
                .body("work.evaluatedImages", equalTo(2 * (256 + 128)))
                .extract();
        String id = created.path("id");
        int steps = created.path("work.steps");

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("QUEUED", "RUNNING").contains(state(id)));

        given().when().get("/runs/" + id)
                .then().statusCode(200)
                .body("state", equalTo("DONE"))
                .body("epochsDone", equalTo(1))
                .body("metrics.size()", equalTo(2))
                .body("checkpoints", hasItem(ObjectKeys.checkpoint(id, 1)));
        given().when().get("/runs").then().statusCode(200).body("id", hasItem(id));
        double stepsTimed = metric(STEP_COUNT) - stepsBefore;
        double epochsCounted = metric(EPOCHS) - epochsBefore;
        assertTrue(stepsTimed >= steps, STEP_COUNT + " grew by " + stepsTimed + ", not by the"
                + " run's " + steps + " steps");
        assertTrue(epochsCounted >= 1, EPOCHS + " grew by " + epochsCounted + ", not by 1");
        given().when().get("/q/metrics")
                .then().statusCode(200)
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

    /** A misspelled field would otherwise take its default: 300 epochs instead of 2. */
    @Test
    void postRun_misspelledField_400NamingItAndTheKnownFields() {
        int runsBefore = runCount();

        given().contentType(ContentType.JSON)
                .body("{\"epoch\": 2, \"trainSize\": 64, \"batchSize\": 32}")
                .when().post("/runs")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("type", equalTo("unreadable-body"))
                .body("field", equalTo("epoch"))
                .body("message", startsWith("epoch is not a field of the request; known fields:"))
                .body("message", containsString(" epochs, "));
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
     * {} is the documented way to ask for every default; the answer shows what that means
     * (300 epochs on the whole 4,000-image subset: 9,600 steps) before any of it runs, and the
     * run can be cancelled.
     */
    @Test
    void postRun_emptyObject_201ShowingDefaultsAndWork() {
        String id = given().contentType(ContentType.JSON).body("{}")
                .when().post("/runs")
                .then().statusCode(201)
                .body("config.epochs", equalTo(300))
                .body("config.trainSize", equalTo(4000))
                .body("config.batchSize", equalTo(128))
                .body("work.steps", equalTo(300 * 32))
                .body("work.trainingImages", equalTo(300 * 4000))
                .body("work.evaluatedImages", equalTo(301 * (4000 + 1000)))
                .extract().path("id");

        given().when().post("/runs/" + id + "/cancel")
                .then().statusCode(anyOf(equalTo(200), equalTo(202)));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("QUEUED", "RUNNING").contains(state(id)));
        assertEquals("CANCELLED", state(id));
    }

    /**
     * A queued run is cancelled at once and never starts; the runs behind it move up, and the
     * one behind a cancelled running run starts and finishes. Cancelling an ended run is 409.
     */
    @Test
    void cancelRun_queuedAndRunning_queuedSkippedNextRunTrains() throws Exception {
        String running = submit(LONG_RUN);
        String queued = submit(SMALL_RUN);
        String next = submit(SMALL_RUN);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> state(running).equals("RUNNING"));

        given().when().post("/runs/" + queued + "/cancel")
                .then().statusCode(200)
                .body("state", equalTo("CANCELLED"))
                .body("cancelRequestedAt", notNullValue())
                .body("finishedAt", notNullValue())
                .body("startedAt", nullValue());
        RunView stored = Json.fromBytes(store.get(ObjectKeys.run(queued)), RunView.class);
        assertEquals(RunState.CANCELLED, stored.state());
        assertEquals(List.of(), store.list(ObjectKeys.checkpointPrefix(queued)));
        given().when().post("/runs/" + running + "/cancel")
                .then().statusCode(anyOf(equalTo(200), equalTo(202)))
                .body("cancelRequestedAt", notNullValue());
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> state(next).equals("DONE"));

        assertEquals("CANCELLED", state(running));
        given().when().get("/runs/" + queued)
                .then().statusCode(200)
                .body("state", equalTo("CANCELLED"))
                .body("startedAt", nullValue())
                .body("checkpoints.size()", equalTo(0));
        given().when().post("/runs/" + queued + "/cancel")
                .then().statusCode(409)
                .contentType(ContentType.JSON)
                .body("type", equalTo("run-ended"))
                .body("message", equalTo("run (" + queued + ") has already ended CANCELLED:"
                        + " only a QUEUED or RUNNING run can be cancelled"));
        given().when().post("/runs/" + next + "/cancel")
                .then().statusCode(409)
                .body("message", containsString("has already ended DONE"));
        assertTrue(cancelledRunsCounted() >= 2, "losscape_trainer_runs_ended_total CANCELLED");
    }

    /**
     * A running run stops before its next step: at most the epoch it was in when the cancel
     * came is still published (its steps were done), nothing after it, and every published
     * checkpoint stays in the object store, loadable. No event is marked last.
     */
    @Test
    void cancelRun_running_stopsKeepingEveryPublishedCheckpoint() throws Exception {
        String id = submit(LONG_RUN);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> epochsDone(id) >= 2);

        int publishedAtCancel = given().when().post("/runs/" + id + "/cancel")
                .then().statusCode(anyOf(equalTo(200), equalTo(202)))
                .body("cancelRequestedAt", notNullValue())
                .extract().path("epochsDone");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> !state(id).equals("RUNNING"));

        RunView run = Json.fromJson(given().when().get("/runs/" + id)
                .then().statusCode(200).extract().asString(), RunView.class);
        assertEquals(RunState.CANCELLED, run.state());
        assertTrue(run.epochsDone() <= publishedAtCancel + 1,
                run.epochsDone() + " epochs published, " + publishedAtCancel + " at the cancel");
        assertNull(run.progress());
        assertNull(run.error());
        List<String> expected = new ArrayList<>();
        for (int epoch = 0; epoch <= run.epochsDone(); epoch++) {
            expected.add(ObjectKeys.checkpoint(id, epoch));
        }
        assertEquals(expected, run.checkpoints());
        assertEquals(expected, store.list(ObjectKeys.checkpointPrefix(id)).stream()
                .sorted().toList());
        for (String key : expected) {
            try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 99)) {
                Checkpoints.load(model, store.get(key));
            }
        }
        RunView stored = Json.fromBytes(store.get(ObjectKeys.run(id)), RunView.class);
        assertEquals(RunState.CANCELLED, stored.state());
        assertEquals(expected, stored.checkpoints());
        List<CheckpointEvent> events = checkpointEvents(id, expected.size());
        assertTrue(events.stream().noneMatch(CheckpointEvent::last), events.toString());
    }

    /**
     * A run that finishes says so once on run-states: DONE, no error, its final epoch, and the
     * moment the trainer shows as finishedAt.
     */
    @Test
    void runEnded_runFinishes_oneDoneEventWithFinalEpoch() {
        String id = submit(SMALL_RUN);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("QUEUED", "RUNNING").contains(state(id)));

        RunView run = view(id);
        List<RunEnded> events = RunStates.awaitEnded(bootstrapServers, id);

        assertEquals(RunState.DONE, run.state());
        assertEquals(List.of(new RunEnded(id, RunEnded.DONE, null, 1, "resnet20", "cifar10", 1,
                run.finishedAt())), events);
    }

    /**
     * Cancelling is announced as well: a run cancelled while queued has no epoch (null, not
     * 0), a running one names the last epoch whose checkpoint it stored.
     */
    @Test
    void runEnded_cancelledQueuedAndRunning_cancelledEventsWithLastStoredEpoch() {
        String running = submit(LONG_RUN);
        String queued = submit(SMALL_RUN);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> !view(running).checkpoints().isEmpty());

        given().when().post("/runs/" + queued + "/cancel").then().statusCode(200);
        given().when().post("/runs/" + running + "/cancel")
                .then().statusCode(anyOf(equalTo(200), equalTo(202)));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> state(running).equals("CANCELLED"));

        RunView cancelledQueued = view(queued);
        RunView cancelledRunning = view(running);
        assertEquals(List.of(new RunEnded(queued, RunEnded.CANCELLED, null, null, "resnet20",
                        "cifar10", 1, cancelledQueued.finishedAt())),
                RunStates.awaitEnded(bootstrapServers, queued));
        int lastStored = cancelledRunning.checkpoints().size() - 1;
        assertEquals(List.of(new RunEnded(running, RunEnded.CANCELLED, null, lastStored,
                        "resnet20", "cifar10", 200, cancelledRunning.finishedAt())),
                RunStates.awaitEnded(bootstrapServers, running));
    }

    @Test
    void cancelRun_unknownId_404JsonNamingId() {
        given().when().post("/runs/run-nope/cancel")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("type", equalTo("not-found"))
                .body("field", equalTo("id"))
                .body("message", containsString("run-nope"));
    }

    /** DELETE is what many would try: the answer says the run stays and how to cancel. */
    @Test
    void deleteRun_anyId_405PointingToCancel() {
        given().when().delete("/runs/run-nope")
                .then().statusCode(405)
                .contentType(ContentType.JSON)
                .header("Allow", containsString("GET"))
                .body("message", containsString("POST /runs/{id}/cancel"));
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

    /**
     * The small- and large-batch experiment compares runs that differ in batch size and
     * learning-rate schedule but start from the same weights: with one seed their epoch-0
     * checkpoints are the same bytes, though their trained epochs differ. Another seed starts
     * elsewhere.
     */
    @Test
    void postRun_sameSeedOtherBatchSizeAndSchedule_identicalEpochZeroCheckpoints() {
        String smallBatch = submit("""
                {"epochs": 1, "batchSize": 32, "learningRate": 0.1, "lrSchedule": "constant",
                 "seed": 21, "trainSize": 64, "testSize": 32, "augment": false,
                 "autoSurface": false}
                """);
        String largeBatch = submit("""
                {"epochs": 1, "batchSize": 64, "learningRate": 0.2, "lrSchedule": "plateau",
                 "gamma": 0.5, "patience": 0, "seed": 21, "trainSize": 64, "testSize": 32,
                 "augment": false, "autoSurface": false}
                """);
        String otherSeed = submit("""
                {"epochs": 1, "batchSize": 32, "learningRate": 0.1, "lrSchedule": "constant",
                 "seed": 22, "trainSize": 64, "testSize": 32, "augment": false,
                 "autoSurface": false}
                """);
        for (String id : List.of(smallBatch, largeBatch, otherSeed)) {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !List.of("QUEUED", "RUNNING").contains(state(id)));
            assertEquals("DONE", state(id), "run " + id);
        }

        byte[] smallBatchStart = store.get(ObjectKeys.checkpoint(smallBatch, 0));
        byte[] largeBatchStart = store.get(ObjectKeys.checkpoint(largeBatch, 0));
        byte[] otherSeedStart = store.get(ObjectKeys.checkpoint(otherSeed, 0));

        assertArrayEquals(smallBatchStart, largeBatchStart,
                "epoch 0 of batch 32 (constant) and batch 64 (plateau), both seed 21");
        assertFalse(Arrays.equals(smallBatchStart, otherSeedStart),
                "seeds 21 and 22 gave the same epoch-0 checkpoint");
        assertFalse(Arrays.equals(store.get(ObjectKeys.checkpoint(smallBatch, 1)),
                        store.get(ObjectKeys.checkpoint(largeBatch, 1))),
                "batch 32 and batch 64 trained to the same epoch-1 checkpoint");
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

    private static RunView view(String id) {
        return Json.fromJson(given().when().get("/runs/" + id)
                .then().statusCode(200).extract().asString(), RunView.class);
    }

    private static int epochsDone(String id) {
        return given().when().get("/runs/" + id).then().statusCode(200)
                .extract().path("epochsDone");
    }

    private static int runCount() {
        return given().when().get("/runs").then().statusCode(200).extract().path("size()");
    }

    private static String submit(String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/runs")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The value of losscape_trainer_runs_ended_total{state="CANCELLED"}. */
    private static double cancelledRunsCounted() {
        String prefix = "losscape_trainer_runs_ended_total{state=\"CANCELLED\"} ";
        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + "in /q/metrics"));
    }

    /**
     * The sum over every series of metric {@code name} on /q/metrics, whatever its labels; 0
     * while the meter is not registered yet (its bean is created on first use).
     */
    private static double metric(String name) {
        String exposition = given().when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        // name, optional {labels} (values may hold spaces), value, optional timestamp
        Pattern sample = Pattern.compile(
                "^" + Pattern.quote(name) + "(?:\\{.*})?\\s+(\\S+)(?:\\s+-?\\d+)?$");
        return exposition.lines()
                .map(sample::matcher)
                .filter(Matcher::matches)
                .mapToDouble(matcher -> Double.parseDouble(matcher.group(1)))
                .sum();
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
