package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/**
 * Auto surfaces off by default, in a second application start of the same JVM: nothing is
 * planned on its own unless the run asks for it, and a requested surface still loads the
 * PyTorch engine (loaded parent-first).
 */
@QuarkusTest
@TestProfile(AutoSurfaceDisabledTest.AutoSurfaceOff.class)
@WithTestResource(InfrastructureResource.class)
class AutoSurfaceDisabledTest {

    @Inject
    ObjectStore store;

    @Inject
    RunIndex runs;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void lastCheckpoint_withAutoSurfaceOff_plansNothing_butRequestsStillWork() {
        String run = "run-manual";
        TestRuns.storeCheckpoint(store, run, 1);

        TestRuns.announce(bootstrapServers, run, 1, /* epochs= */ 1);
        TestRuns.announce(bootstrapServers, run, 0, /* epochs= */ 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> runs.find(run, 0)
                .map(known -> known.checkpoints().containsKey(0))
                .orElse(false));

        assertFalse(store.exists(ObjectKeys.surface(AutoSurfaces.surfaceId(run, 1))));
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"run-manual\", \"epoch\": 1, "
                        + "\"grid\": {\"x\": {\"points\": 3}, \"y\": {\"points\": 3}}}")
                .when().post("/surfaces")
                .then().statusCode(202);
    }

    @Test
    void lastCheckpoint_runAskedForAutoSurface_plansOneThoughTheDefaultIsOff() {
        String run = "run-auto-asked";
        String surfaceId = AutoSurfaces.surfaceId(run, 1);
        TestRuns.storeCheckpoint(store, run, 1);

        TestRuns.announce(bootstrapServers, run, 1, /* epochs= */ 1, /* autoSurface= */ true);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> store.exists(ObjectKeys.surface(surfaceId)));

        SurfacePlanned surface =
                store.getJson(ObjectKeys.surface(surfaceId), SurfacePlanned.class);
        assertEquals(run, surface.runId());
        assertEquals(1, surface.epoch());
        List<SurfacePlanned> published = KafkaTopics.readAll(bootstrapServers, Topics.SURFACES)
                .stream()
                .filter(r -> r.key().equals(surfaceId))
                .map(r -> Json.fromJson(r.value(), SurfacePlanned.class))
                .toList();
        assertEquals(List.of(surface), published);
    }

    /** The default configuration with auto surfaces off. */
    public static class AutoSurfaceOff implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("losscape.projection.auto-surface.enabled", "false");
        }
    }
}
