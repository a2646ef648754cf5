package org.losscape.surface;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;

/**
 * At least once, against the real broker: a worker commits a chunk's offset only after the
 * chunk's values are acknowledged. The values producer runs with {@link HeldRecords}, which
 * keeps the values of a chunk from reaching the broker for as long as the test says, so the
 * worker has evaluated the chunk and waits in its publication. The rest is as in production:
 * auto-commit off, the throttled commit strategy, acks=all.
 */
@QuarkusTest
@TestProfile(AtLeastOnceTest.ValuesHeldBack.class)
@WithTestResource(InfrastructureResource.class)
class AtLeastOnceTest {

    private static final String WORKERS = "surface-workers";
    private static final String RUN_ID = "at-least-once-test";
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The throttled strategy commits this often (auto.commit.interval.ms, left at 5 s). */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(5);

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /**
     * Held for 1.4 commit intervals, the group's offset on the chunk's partition stays at or
     * below the chunk's offset (it names the next record to read, so offset + 1 would mean
     * done); released, the values arrive and the offset passes the chunk within a few
     * intervals.
     */
    @Test
    void chunk_valuesNotYetAcknowledged_offsetCommittedOnlyOnceTheyAre() {
        SurfacePlanned plan = StoredSurfaces.resNet20Line(store, RUN_ID, 32);
        String json = Json.toJson(new SurfaceChunk(plan, 0, /* firstPoint= */ 0, 3));
        RecordMetadata sent;
        TopicPartition partition;

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            HeldRecords.hold();
            try {
                sent = kafka.send(Topics.SURFACE_CHUNKS, plan.surfaceId(), json);
                partition = new TopicPartition(sent.topic(), sent.partition());
                await().atMost(PATIENCE)
                        .until(() -> HeldRecords.heldKeys().contains(plan.surfaceId()));
                await().during(COMMIT_INTERVAL.multipliedBy(7).dividedBy(5))
                        .atMost(COMMIT_INTERVAL.multipliedBy(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> kafka.committedOffset(WORKERS, partition) <= sent.offset());
                assertTrue(values(kafka, plan, Duration.ofMillis(500)).isEmpty(),
                        "held values must not reach the topic");
            } finally {
                HeldRecords.release();
            }

            assertEquals(1, values(kafka, plan, PATIENCE).size(), "values after the release");
            await().atMost(COMMIT_INTERVAL.multipliedBy(6))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committedOffset(WORKERS, partition) > sent.offset());
        }
    }

    private static List<ConsumerRecord<String, String>> values(
            KafkaTestClient kafka, SurfacePlanned plan, Duration timeout) {
        return kafka.read(Topics.SURFACE_VALUES, r -> plan.surfaceId().equals(r.key()),
                kept -> !kept.isEmpty(), timeout);
    }

    /** The service as configured, with the values producer behind {@link HeldRecords}. */
    public static class ValuesHeldBack implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.surface-values.interceptor.classes",
                    HeldRecords.class.getName());
        }
    }
}
