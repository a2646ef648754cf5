package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.losscape.messages.SurfacePlanned;
import org.losscape.projection.runs.RunIndex;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;

/**
 * What a cluster and its operators read of the service, against the real Kafka broker and S3
 * server: the health checks behind its probes and the Micrometer meters of planning.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class HealthAndMetricsTest {

    private static final String RUN = "run-meters";
    private static final int EPOCH = 1;
    private static final String MESSAGING_READINESS =
            "SmallRye Reactive Messaging - readiness check";
    private static final String MESSAGING_LIVENESS =
            "SmallRye Reactive Messaging - liveness check";
    /** Every channel of the service, incoming and outgoing, as the messaging checks list it. */
    private static final Map<String, String> CHANNELS_OK = Map.of(
            "checkpoints", "[OK]",
            "checkpoint-imports", "[OK]",
            "surfaces", "[OK]",
            "surface-chunks", "[OK]");
    private static final String PLANNING_COUNT = "losscape_projection_planning_seconds_count";
    private static final String PLANNING_SECONDS = "losscape_projection_planning_seconds_sum";
    private static final String CHUNKS_PUBLISHED = "losscape_projection_chunks_published_total";
    private static final String SURFACES_PLANNED = "losscape_projection_surfaces_planned_total";
    private static boolean announced;

    @Inject
    ObjectStore store;

    @Inject
    RunIndex runs;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "losscape.storage.endpoint")
    String storageEndpoint;

    @BeforeEach
    void storeAndAnnounceRun() {
        if (announced) {
            return;
        }
        TestRuns.storeCheckpoint(store, RUN, EPOCH);
        TestRuns.announce(bootstrapServers, RUN, EPOCH, /* epochs= */ 2);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> runs.find(RUN, EPOCH).isPresent());
        announced = true;
    }

    /**
     * Ready means the bucket answers and every Kafka channel is connected. The messaging check
     * may report DOWN for a moment after the start, until the consumer has joined, so the
     * answer is asked again until it holds; a timeout shows the last one that did not.
     */
    @Test
    void ready_bucketAndChannelsReachable_upWithBothChecks() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().when().get("/q/health/ready")
                        .then().log().ifValidationFails()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name",
                                containsInAnyOrder("object-store", MESSAGING_READINESS))
                        .body("checks.status", everyItem(equalTo("UP")))
                        .body("checks.find { it.name == 'object-store' }.data",
                                equalTo(Map.of("endpoint", storageEndpoint,
                                        "bucket", InfrastructureResource.BUCKET)))
                        .body("checks.find { it.name == '" + MESSAGING_READINESS + "' }.data",
                                equalTo(CHANNELS_OK)));
    }

    @Test
    void live_running_upWithTheMessagingCheck() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder(MESSAGING_LIVENESS))
                .body("checks.status", everyItem(equalTo("UP")))
                .body("checks[0].data", equalTo(CHANNELS_OK));
    }

    /**
     * One requested surface of 9 points in chunks of 4: the planning timer gains a sample
     * and some time, the chunk counter its 3 chunks and the request-triggered surface counter
     * 1. Other tests of this JVM may plan surfaces too, so each meter must grow by at least
     * that much.
     */
    @Test
    void postSurface_3x3GridInChunksOf4_planningTimerAndCountersGrow() {
        double plannings = metric(PLANNING_COUNT, "");
        double planningSeconds = metric(PLANNING_SECONDS, "");
        double chunks = metric(CHUNKS_PUBLISHED, "");
        double requested = metric(SURFACES_PLANNED, "trigger=\"request\"");

        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-meters",
                         "grid": {"x": {"points": 3}, "y": {"points": 3}},
                         "chunkSize": 4}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertEquals(3, surface.chunkCount());
        assertGrew(PLANNING_COUNT, plannings, metric(PLANNING_COUNT, ""), 1);
        assertTrue(metric(PLANNING_SECONDS, "") > planningSeconds,
                PLANNING_SECONDS + " stayed at " + planningSeconds);
        assertGrew(CHUNKS_PUBLISHED, chunks, metric(CHUNKS_PUBLISHED, ""), surface.chunkCount());
        assertGrew(SURFACES_PLANNED + "{trigger=\"request\"}", requested,
                metric(SURFACES_PLANNED, "trigger=\"request\""), 1);
    }

    private static void assertGrew(String meter, double before, double after, double least) {
        assertTrue(after - before >= least,
                meter + " grew from " + before + " to " + after + ", by less than " + least);
    }

    /**
     * The sum over the series of metric {@code name} on /q/metrics whose labels contain
     * {@code label} (empty: every series); 0 while the meter is not registered yet.
     */
    private static double metric(String name, String label) {
        String exposition = given().when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        // name, optional {labels} (values may hold spaces), value, optional timestamp
        Pattern sample = Pattern.compile(
                "^" + Pattern.quote(name) + "(\\{.*})?\\s+(\\S+)(?:\\s+-?\\d+)?$");
        return exposition.lines()
                .map(sample::matcher)
                .filter(Matcher::matches)
                .filter(matcher -> label.isEmpty()
                        || (matcher.group(1) != null && matcher.group(1).contains(label)))
                .mapToDouble(matcher -> Double.parseDouble(matcher.group(2)))
                .sum();
    }
}
