package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;
import org.losscape.messages.RunEnded;
import org.losscape.messages.Topics;
import org.losscape.testsupport.InfrastructureResource;

/**
 * How a run ended, from {@code run-states} to {@code /api/runs}: failed and cancelled runs
 * leave {@code training}, an end that comes before the run's checkpoints still lists the run,
 * and a repeated end changes nothing.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class RunStateApiTest {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final String REASON = "RecordTooLargeException: The message is 514 bytes";

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
    void runs_failedAfterTwoEpochs_failedWithReasonAndLastEpoch() {
        String runId = Fixtures.newId("failed-run");
        for (int epoch = 0; epoch <= 2; epoch++) {
            publisher.checkpoint(Fixtures.checkpoint(runId, epoch, 5));
        }
        awaitEpochsDone(runId, 2);
        assertEquals("training", summary(runId).getString("state"));

        publisher.ended(Fixtures.ended(runId, RunEnded.FAILED, REASON, 2, 5));

        awaitState(runId, "failed");
        JsonPath summary = summary(runId);
        assertEquals(REASON, summary.getString("error"));
        assertEquals(2, summary.getInt("lastEpoch"));
        assertEquals(2, summary.getInt("epochsDone"));
        assertEquals(5, summary.getInt("epochs"));
        assertEquals("2025-01-31T13:00:00Z", summary.getString("endedAt"));
        assertEquals(List.of(0, 1, 2),
                given().get("/api/runs/" + runId).jsonPath().getList("history.epoch"));
        List<String> listed = given().get("/api/runs").jsonPath()
                .getList("findAll { it.runId == '" + runId + "' }.state");
        assertEquals(List.of("failed"), listed);
    }

    /**
     * The two topics are read apart, so a run's end may come first: the run is listed at once
     * from the end alone (no epoch, no metrics), and its checkpoints fill in later without
     * turning it back to training.
     */
    @Test
    void runs_endBeforeAnyCheckpoint_listedCancelledThenCheckpointsFillIn() {
        String runId = Fixtures.newId("cancelled-run");

        publisher.ended(Fixtures.ended(runId, RunEnded.CANCELLED, null, 1, 4));

        awaitState(runId, "cancelled");
        JsonPath early = summary(runId);
        assertEquals("resnet20", early.getString("model"));
        assertEquals("cifar10", early.getString("dataset"));
        assertEquals(4, early.getInt("epochs"));
        assertNull(early.get("epochsDone"));
        assertNull(early.get("latest"));
        assertNull(early.get("error"));
        assertEquals(1, early.getInt("lastEpoch"));
        assertEquals(0, early.getInt("checkpoints"));
        assertEquals(List.of(), given().get("/api/runs/" + runId).jsonPath().getList("history"));

        publisher.checkpoint(Fixtures.checkpoint(runId, 0, 4));
        publisher.checkpoint(Fixtures.checkpoint(runId, 1, 4));

        awaitEpochsDone(runId, 1);
        JsonPath late = summary(runId);
        assertEquals("cancelled", late.getString("state"));
        assertEquals(2, late.getInt("checkpoints"));
        assertEquals(0.1 + 0.07, late.getDouble("latest.testAccuracy"), 1e-12);
    }

    /** A run that finished shows its last checkpoint's state, then the time it ended. */
    @Test
    void runs_doneAfterLastCheckpoint_finishedWithEndTime() {
        String runId = Fixtures.newId("done-run");
        publisher.checkpoint(Fixtures.checkpoint(runId, 0, 1));
        publisher.checkpoint(Fixtures.checkpoint(runId, 1, 1));
        awaitState(runId, "finished");
        assertNull(summary(runId).get("endedAt"), "no end has arrived yet");

        publisher.ended(Fixtures.ended(runId, RunEnded.DONE, null, 1, 1));

        await().atMost(KAFKA_TIMEOUT).until(() -> summary(runId).get("endedAt") != null);
        JsonPath done = summary(runId);
        assertEquals("finished", done.getString("state"));
        assertEquals(1, done.getInt("lastEpoch"));
        assertEquals(1, done.getInt("epochsDone"));
        assertNull(done.get("error"));
    }

    /**
     * Replays and redeliveries repeat an end: the run is the same as after the first one, but
     * for its arrival time. A later end on the same partition shows that the repeat was read.
     */
    @Test
    void runs_endDeliveredTwice_sameRunAsOnce() {
        String runId = Fixtures.newId("twice-failed-run");
        String later = Fixtures.newId("later-run");
        RunEnded ended = Fixtures.ended(runId, RunEnded.FAILED, REASON, 0, 3);
        publisher.checkpoint(Fixtures.checkpoint(runId, 0, 3));
        publisher.ended(ended);
        awaitState(runId, "failed");
        await().atMost(KAFKA_TIMEOUT).until(() -> summary(runId).get("epochsDone") != null);
        JsonPath once = given().get("/api/runs/" + runId).jsonPath();

        publisher.ended(ended);
        publisher.raw(Topics.RUN_STATES, runId,
                Json.toBytes(Fixtures.ended(later, RunEnded.CANCELLED, null, null, 1)));

        awaitState(later, "cancelled");
        JsonPath twice = given().get("/api/runs/" + runId).jsonPath();
        for (String field : List.of("model", "dataset", "epochs", "epochsDone", "state", "error",
                "lastEpoch", "endedAt", "latest", "checkpoints")) {
            Object first = once.get("summary." + field);
            assertEquals(first, twice.get("summary." + field), field);
        }
        assertEquals(once.getList("history"), twice.getList("history"));
    }

    /**
     * Records that are not a usable end are skipped: unreadable JSON, no run id, a state the
     * trainer does not have. All go to one partition (one key) ahead of a valid end, so once
     * that end is shown they have been read.
     */
    @Test
    void runs_unusableEnds_droppedAndLaterEndsStillRead() {
        String key = Fixtures.newId("one-partition");
        String paused = Fixtures.newId("paused-run");
        String valid = Fixtures.newId("valid-run");

        publisher.raw(Topics.RUN_STATES, key, "{not json".getBytes(StandardCharsets.UTF_8));
        publisher.raw(Topics.RUN_STATES, key,
                Json.toBytes(Fixtures.ended(null, RunEnded.FAILED, REASON, 0, 3)));
        publisher.raw(Topics.RUN_STATES, key,
                Json.toBytes(Fixtures.ended(paused, "PAUSED", null, 0, 3)));
        publisher.raw(Topics.RUN_STATES, key,
                Json.toBytes(Fixtures.ended(valid, RunEnded.CANCELLED, null, null, 3)));

        awaitState(valid, "cancelled");
        given().get("/api/runs/" + paused).then().statusCode(404);
        List<String> listed = given().get("/api/runs").jsonPath().getList("runId");
        assertEquals(List.of(), listed.stream().filter(id -> id == null).toList(),
                "no run without an id");
    }

    private static JsonPath summary(String runId) {
        return given().get("/api/runs/" + runId).then().statusCode(200)
                .extract().jsonPath().setRootPath("summary");
    }

    private static void awaitState(String runId, String state) {
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/runs/" + runId).statusCode() == 200
                        && state.equals(summary(runId).getString("state")));
    }

    private static void awaitEpochsDone(String runId, int epoch) {
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/runs/" + runId).statusCode() == 200
                        && Integer.valueOf(epoch).equals(summary(runId).get("epochsDone")));
    }
}
