package org.losscape.surface;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.messages.Axis;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.Json;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

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
        SurfacePlanned plan = storeSurface();
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

    /** A ResNet-20 and two directions in the store; a 3×1 grid over 16 test images. */
    private SurfacePlanned storeSurface() {
        store.ensureBucket();
        String surfaceId = "surface-" + UUID.randomUUID();
        String checkpointKey = ObjectKeys.checkpoint(RUN_ID, 0);
        String xKey = ObjectKeys.direction(surfaceId, "x");
        String yKey = ObjectKeys.direction(surfaceId, "y");
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 5)) {
            DirectionPair directions = Directions.pair(
                    ParameterTensors.of(model.getBlock()), /* seed= */ 3, "filter", false);
            store.put(checkpointKey, Checkpoints.save(model), "application/octet-stream");
            store.put(xKey, directions.x().toBytes(), "application/octet-stream");
            store.put(yKey, directions.y().toBytes(), "application/octet-stream");
        }
        GridSpec grid = new GridSpec(new Axis(-1, 1, 3), new Axis(0, 0, 1));
        return new SurfacePlanned(surfaceId, RUN_ID, "resnet20", 0, checkpointKey, grid,
                new DirectionSpec(3, "filter", false, 0.0),
                new EvalSetSpec("cifar10", "test", 16), xKey, yKey, /* chunkCount= */ 1,
                Instant.now());
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
