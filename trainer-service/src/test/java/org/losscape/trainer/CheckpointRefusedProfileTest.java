package org.losscape.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;
import org.losscape.messages.RunEnded;
import org.losscape.messages.Topics;
import org.losscape.storage.ObjectKeys;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;

/**
 * A run that fails: Kafka refuses its checkpoint events, since the checkpoints producer here
 * takes records of at most {@value #RECORD_LIMIT} bytes, well under one event. The run stores
 * the initialization's checkpoint, fails publishing its event, and its end still goes out on
 * {@code run-states}, whose producer has no such limit.
 */
@QuarkusTest
@TestProfile(CheckpointRefusedProfileTest.TinyCheckpointRecords.class)
@WithTestResource(InfrastructureResource.class)
class CheckpointRefusedProfileTest {

    private static final int RECORD_LIMIT = 100;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The trainer as configured, with a checkpoints producer that takes only tiny records. */
    public static class TinyCheckpointRecords implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.checkpoints.max.request.size",
                    Integer.toString(RECORD_LIMIT));
        }
    }

    @Test
    void runEnded_checkpointEventRefused_failedEventWithReasonAndLastStoredEpoch() {
        String id = given().contentType(ContentType.JSON)
                .body("""
                        {"epochs": 2, "batchSize": 32, "seed": 9, "trainSize": 64,
                         "testSize": 32, "augment": false, "autoSurface": false}
                        """)
                .when().post("/runs")
                .then().statusCode(201)
                .extract().path("id");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("QUEUED", "RUNNING").contains(
                        given().when().get("/runs/" + id).then().extract().path("state")));

        RunView run = Json.fromJson(given().when().get("/runs/" + id)
                .then().statusCode(200).extract().asString(), RunView.class);
        List<RunEnded> events = RunStates.awaitEnded(bootstrapServers, id);

        assertEquals(RunState.FAILED, run.state());
        assertNotNull(run.error(), "the trainer says why the run failed");
        assertTrue(run.error().startsWith("RecordTooLargeException"), run.error());
        assertEquals(List.of(ObjectKeys.checkpoint(id, 0)), run.checkpoints());
        assertEquals(List.of(new RunEnded(id, RunEnded.FAILED, run.error(), 0, "resnet20",
                "cifar10", 2, run.finishedAt())), events);
        assertTrue(KafkaTopics.readAll(bootstrapServers, Topics.CHECKPOINTS).stream()
                        .noneMatch(record -> id.equals(record.key())),
                "no checkpoint event of " + id + " got through");
    }
}
