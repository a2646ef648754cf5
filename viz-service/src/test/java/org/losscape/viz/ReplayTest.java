package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losscape.messages.RunEnded;
import org.losscape.messages.SurfacePlanned;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaBroker;

/**
 * A service that starts after the messages were published rebuilds its state from the topics:
 * the restart case. The messages go out before the application starts, values before their
 * plan, a run's end before its checkpoints, and part of them twice.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
@WithTestResource(ReplayTest.PublishedBeforeStart.class)
class ReplayTest {

    /** Fixed ids: the resource and the test run in different class loaders. */
    static final String SURFACE_ID = "replayed-surface";

    static final String RUN_ID = "replayed-run";

    static final String FAILED_RUN_ID = "replayed-failed-run";

    static final String REASON = "OutOfMemoryError: Java heap space";

    /**
     * When the replayed surface's chunks were sent: an hour before the test, whole seconds, so
     * that a replay taking its times from the clock shows. Kept in a system property, which the
     * resource and the test share across class loaders.
     */
    static final String SENT_AT_PROPERTY = "losscape.test.replayed-surface.sent-at";

    /** Publishes a run and a 3 × 3 surface before the application under test starts. */
    public static class PublishedBeforeStart implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            SurfacePlanned plan = Fixtures.plan(SURFACE_ID, 3, 3);
            Instant sentAt =
                    Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            System.setProperty(SENT_AT_PROPERTY, sentAt.toString());
            try (Publisher publisher = new Publisher(KafkaBroker.shared().bootstrapServers())) {
                publisher.values(Fixtures.chunk(plan, 0, 0, 5), sentAt);
                publisher.values(Fixtures.chunk(plan, 1, 5, 4), sentAt.plusSeconds(2));
                publisher.values(Fixtures.chunk(plan, 0, 0, 5), sentAt.plusSeconds(3));
                publisher.planned(plan);
                for (int epoch = 0; epoch <= 2; epoch++) {
                    publisher.checkpoint(
                            Fixtures.checkpoint(RUN_ID, epoch, 2), sentAt.plusSeconds(10 + epoch));
                }
                RunEnded failed = Fixtures.ended(FAILED_RUN_ID, RunEnded.FAILED, REASON, 1, 4);
                publisher.ended(failed);
                publisher.ended(failed);
                publisher.checkpoint(Fixtures.checkpoint(FAILED_RUN_ID, 0, 4));
                publisher.checkpoint(Fixtures.checkpoint(FAILED_RUN_ID, 1, 4));
            }
            return Map.of();
        }

        @Override
        public void stop() {}
    }

    @Test
    void start_messagesPublishedBeforehand_surfaceAndRunRebuilt() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/surfaces/" + SURFACE_ID).statusCode() == 200
                        && given().get("/api/surfaces/" + SURFACE_ID).jsonPath()
                                .getInt("pointsDone") == 9);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/runs/" + RUN_ID).statusCode() == 200
                        && given().get("/api/runs/" + RUN_ID).jsonPath()
                                .getInt("summary.epochsDone") == 2);

        JsonPath surface = given().get("/api/surfaces/" + SURFACE_ID).jsonPath();
        assertEquals("complete", surface.getString("state"));
        assertEquals(9, surface.getInt("pointsTotal"));
        assertEquals(3, given().get("/api/runs/" + RUN_ID).jsonPath().getList("history").size());
    }

    @Test
    void start_chunksSentAnHourAgo_completedAtAndRateFromTheirRecordTimes() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/surfaces/" + SURFACE_ID).statusCode() == 200
                        && given().get("/api/surfaces/" + SURFACE_ID).jsonPath()
                                .getInt("pointsDone") == 9);

        Instant sentAt = Instant.parse(System.getProperty(SENT_AT_PROPERTY));
        JsonPath surface = given().get("/api/surfaces/" + SURFACE_ID).jsonPath();
        assertEquals(
                sentAt.plusSeconds(2),
                Instant.parse(surface.getString("completedAt")),
                "the last new points were sent 2 s after the first; the redelivery adds none");
        assertEquals(2.0, surface.getDouble("pointsPerSecond"), 1e-9, "4 points in 2 s");
    }

    @Test
    void start_checkpointsSentAnHourAgo_runUpdatedAtIsTheLastRecordTime() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/runs/" + RUN_ID).statusCode() == 200
                        && given().get("/api/runs/" + RUN_ID).jsonPath()
                                .getList("history").size() == 3);

        Instant sentAt = Instant.parse(System.getProperty(SENT_AT_PROPERTY));
        assertEquals(
                sentAt.plusSeconds(12),
                Instant.parse(given().get("/api/runs/" + RUN_ID).jsonPath()
                        .getString("summary.updatedAt")),
                "the time epoch 2's record was sent, not the time it was read");
    }

    @Test
    void start_runEndPublishedBeforeItsCheckpoints_rebuiltAsFailedWithItsEpochs() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/runs/" + FAILED_RUN_ID).statusCode() == 200
                        && given().get("/api/runs/" + FAILED_RUN_ID).jsonPath()
                                .getList("history").size() == 2);

        JsonPath run = given().get("/api/runs/" + FAILED_RUN_ID).jsonPath();
        assertEquals("failed", run.getString("summary.state"));
        assertEquals(REASON, run.getString("summary.error"));
        assertEquals(1, run.getInt("summary.lastEpoch"));
        assertEquals(1, run.getInt("summary.epochsDone"));
        assertEquals(4, run.getInt("summary.epochs"));
    }
}
