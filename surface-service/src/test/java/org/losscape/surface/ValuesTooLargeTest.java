package org.losscape.surface;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;

/**
 * Values that Kafka refuses as too large for one record: a chunk of 10,000 points made about
 * 1.4 MB of values, over the default 1 MB limit, and the worker evaluated it four times before
 * dead-lettering it. Here the values producer's {@code max.request.size} is cut to
 * {@value #RECORD_LIMIT} bytes, so that three points are already too many.
 */
@QuarkusTest
@TestProfile(ValuesTooLargeTest.SmallRecords.class)
@WithTestResource(InfrastructureResource.class)
class ValuesTooLargeTest {

    private static final int RECORD_LIMIT = 300;
    private static final String DEAD_LETTERS = "surface-chunks-dlq";
    private static final String RUN_ID = "values-too-large-test";
    private static final String POINT_EVALUATIONS = "losscape_surface_point_seconds_count";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void chunk_valuesOverTheRecordLimit_deadLetteredAfterOneEvaluationNamingTheCause() {
        SurfacePlanned plan = StoredSurfaces.resNet20Line(store, RUN_ID, 16);
        double evaluatedBefore = pointEvaluations();

        ConsumerRecord<String, String> dead;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            kafka.send(Topics.SURFACE_CHUNKS, plan.surfaceId(),
                    Json.toJson(new SurfaceChunk(plan, 0, /* firstPoint= */ 0, 3)));
            List<ConsumerRecord<String, String>> letters = kafka.read(DEAD_LETTERS,
                    r -> r.value().contains(plan.surfaceId()), kept -> !kept.isEmpty(), PATIENCE);
            assertFalse(letters.isEmpty(), "dead letter of " + plan.surfaceId());
            dead = letters.get(0);
        }

        assertEquals(3, pointEvaluations() - evaluatedBefore, 0.0,
                "three points evaluated once: a retry cannot make the record smaller");
        Header header = dead.headers().lastHeader("dead-letter-reason");
        assertNotNull(header, "the error travels with the dead letter");
        String reason = new String(header.value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains("larger than Kafka accepts in one record"), reason);
        assertTrue(reason.contains("smaller chunkSize (at most 1000)"), reason);
    }

    /** Points evaluated so far, from /q/metrics; 0 before the first chunk registers the timer. */
    private static double pointEvaluations() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(POINT_EVALUATIONS + " ")
                        || line.startsWith(POINT_EVALUATIONS + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' '))))
                .findFirst()
                .orElse(0);
    }

    /** The service as configured, with a values producer that takes only tiny records. */
    public static class SmallRecords implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.surface-values.max.request.size",
                    Integer.toString(RECORD_LIMIT));
        }
    }
}
