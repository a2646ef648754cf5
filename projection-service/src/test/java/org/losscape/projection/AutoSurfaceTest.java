package org.losscape.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.projection.runs.RunIndex;
import org.losscape.projection.surfaces.AutoSurfaces;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;

@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class AutoSurfaceTest {

    @Inject
    ObjectStore store;

    @Inject
    RunIndex runs;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void lastCheckpoint_deliveredTwice_plansOneAutoSurface() {
        String run = "run-auto";
        String surfaceId = AutoSurfaces.surfaceId(run, 1);
        TestRuns.storeCheckpoint(store, run, 1);

        TestRuns.announce(bootstrapServers, run, 1, /* epochs= */ 1);
        TestRuns.announce(bootstrapServers, run, 1, /* epochs= */ 1);
        // Same key, same partition: once epoch 0 is known, both deliveries were handled.
        TestRuns.announce(bootstrapServers, run, 0, /* epochs= */ 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> runs.find(run, 0)
                .map(known -> known.checkpoints().containsKey(0))
                .orElse(false));

        List<SurfacePlanned> planned = KafkaTopics.readAll(bootstrapServers, Topics.SURFACES)
                .stream()
                .filter(r -> r.key().equals(surfaceId))
                .map(r -> Json.fromJson(r.value(), SurfacePlanned.class))
                .toList();
        assertEquals(1, planned.size());
        SurfacePlanned surface = planned.get(0);
        assertEquals(1, surface.epoch());
        assertEquals(21 * 21, surface.pointCount());
        assertEquals(surface, store.getJson(ObjectKeys.surface(surfaceId), SurfacePlanned.class));
        long chunks = KafkaTopics.readAll(bootstrapServers, Topics.SURFACE_CHUNKS).stream()
                .filter(r -> r.key().equals(surfaceId))
                .count();
        assertEquals(surface.chunkCount(), chunks);
    }

    @Test
    void lastCheckpoint_runAskedForNoAutoSurface_plansNothingThoughTheDefaultIsOn() {
        String run = "run-auto-refused";
        TestRuns.storeCheckpoint(store, run, 1);

        TestRuns.announce(bootstrapServers, run, 1, /* epochs= */ 1, /* autoSurface= */ false);
        // Same key, same partition: once epoch 0 is known, the final event was handled.
        TestRuns.announce(bootstrapServers, run, 0, /* epochs= */ 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> runs.find(run, 0)
                .map(known -> known.checkpoints().containsKey(0))
                .orElse(false));

        assertFalse(store.exists(ObjectKeys.surface(AutoSurfaces.surfaceId(run, 1))));
        assertTrue(KafkaTopics.readAll(bootstrapServers, Topics.SURFACES).stream()
                .noneMatch(r -> r.key().equals(AutoSurfaces.surfaceId(run, 1))));
    }

    @Test
    void checkpointBeforeTheLast_plansNothing() {
        String run = "run-not-last";
        TestRuns.storeCheckpoint(store, run, 1);

        TestRuns.announce(bootstrapServers, run, 1, /* epochs= */ 3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> runs.find(run, 1).isPresent());

        assertEquals(false, store.exists(ObjectKeys.surface(AutoSurfaces.surfaceId(run, 1))));
    }
}
