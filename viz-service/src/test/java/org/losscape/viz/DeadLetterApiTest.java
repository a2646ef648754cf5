package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.testsupport.InfrastructureResource;

/**
 * Chunks the surface workers gave up on, from {@code surface-chunks-dlq} to
 * {@code /api/surfaces}: the surface counts their points as failed with the first reason, and
 * points that arrive later, after an operator replays the chunk, still fill in.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class DeadLetterApiTest {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final String TOO_LARGE =
            "java.lang.IllegalArgumentException: evaluation set of 5000 samples, the worker's"
                    + " copy of cifar10 test has 1000";
    private static final String MISSING_IMAGES = "java.io.IOException: no such file";

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
    void surface_chunksDeadLettered_failedPointsWithFirstReason() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("dead-letter"), 4, 3);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 4));

        publisher.deadLettered(new SurfaceChunk(plan, 1, 4, 4), TOO_LARGE);
        publisher.deadLettered(new SurfaceChunk(plan, 2, 8, 4), MISSING_IMAGES);

        JsonPath surface = awaitFailedPoints(plan.surfaceId(), 8);
        assertEquals(TOO_LARGE, surface.getString("failureReason"));
        assertEquals(4, surface.getInt("pointsDone"));
        assertEquals("running", surface.getString("state"));
        List<Integer> listed = given().get("/api/surfaces").jsonPath()
                .getList("findAll { it.surfaceId == '" + plan.surfaceId() + "' }.failedPoints");
        assertEquals(List.of(8), listed);
    }

    /** The chunk carries its plan, so the failure shows even before the plan is read. */
    @Test
    void surface_deadLetteredBeforePlan_plannedWithFailedPoints() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("dead-letter-first"), 2, 2);

        publisher.deadLettered(new SurfaceChunk(plan, 0, 0, 4), MISSING_IMAGES);

        JsonPath surface = awaitFailedPoints(plan.surfaceId(), 4);
        assertEquals(MISSING_IMAGES, surface.getString("failureReason"));
        assertEquals(0, surface.getInt("pointsDone"));
        assertEquals(4, surface.getInt("pointsTotal"));
    }

    @Test
    void surface_deadLetteredChunkReplayed_pointsFillInAndFailureClears() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("dead-letter-replayed"), 2, 2);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 2));
        publisher.deadLettered(new SurfaceChunk(plan, 1, 2, 2), TOO_LARGE);
        awaitFailedPoints(plan.surfaceId(), 2);

        publisher.values(Fixtures.chunk(plan, 1, 2, 2));

        JsonPath surface = awaitFailedPoints(plan.surfaceId(), 0);
        assertEquals("complete", surface.getString("state"));
        assertEquals(4, surface.getInt("pointsDone"));
        assertNull(surface.get("failureReason"));
    }

    @Test
    void surface_noDeadLetters_noFailedPoints() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("no-dead-letter"), 2, 2);
        publisher.planned(plan);

        publisher.values(Fixtures.chunk(plan, 0, 0, 4));

        await().atMost(KAFKA_TIMEOUT).until(() -> "complete".equals(
                surface(plan.surfaceId()).getString("state")));
        JsonPath surface = surface(plan.surfaceId());
        assertEquals(0, surface.getInt("failedPoints"));
        assertNull(surface.get("failureReason"));
    }

    private static JsonPath surface(String surfaceId) {
        return given().get("/api/surfaces/" + surfaceId).jsonPath();
    }

    private static JsonPath awaitFailedPoints(String surfaceId, int failedPoints) {
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + surfaceId).statusCode() == 200
                        && Integer.valueOf(failedPoints)
                                .equals(surface(surfaceId).get("failedPoints")));
        return surface(surfaceId);
    }
}
