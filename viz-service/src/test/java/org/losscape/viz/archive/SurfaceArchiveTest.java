package org.losscape.viz.archive;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.SurfacePlanned;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.viz.Fixtures;
import org.losscape.viz.Publisher;
import org.losscape.viz.surfaces.SurfaceValues;

/** Completed surfaces written to the real S3 server and read back from it. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class SurfaceArchiveTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static Publisher publisher;

    @Inject SurfaceArchive archive;

    @ConfigProperty(name = "losscape.storage.endpoint")
    String endpoint;

    @ConfigProperty(name = "losscape.storage.access-key")
    String accessKey;

    @ConfigProperty(name = "losscape.storage.secret-key")
    String secretKey;

    @BeforeAll
    static void connect() {
        publisher = new Publisher();
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
    }

    private ObjectStore store() {
        return ObjectStore.connect(endpoint, accessKey, secretKey, InfrastructureResource.BUCKET);
    }

    @Test
    void completedSurface_valuesWrittenToItsKeyWithNanKept() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("archived"), 2, 3);
        publisher.planned(plan);
        publisher.values(
                Fixtures.chunk(plan, 0, 0, 6, index -> index == 4 ? Double.NaN : 0.25 * index));

        try (ObjectStore store = store()) {
            String key = ObjectKeys.surfaceValues(plan.surfaceId());
            await().atMost(TIMEOUT).until(() -> store.exists(key));
            SurfaceValues values = store.getJson(key, SurfaceValues.class);

            assertEquals(6, values.pointsDone());
            assertEquals(2, values.loss().length);
            assertEquals(3, values.loss()[0].length);
            assertTrue(values.loss()[1][1].isNaN(), "index 4 = (i=1, j=1)");
            assertEquals(0.25 * 5, values.loss()[1][2], 1e-12);
        }
    }

    @Test
    void load_archivedSurfaceUnknownToKafka_servedAsComplete() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("from-archive"), 2, 2);
        SurfaceValues values =
                new SurfaceValues(
                        plan.surfaceId(),
                        new double[] {-1, 1},
                        new double[] {-0.5, 0.5},
                        new Double[][] {{1.0, Double.POSITIVE_INFINITY}, {3.0, 4.0}},
                        new Double[][] {{0.1, 0.0}, {0.3, 0.4}},
                        4,
                        4);
        try (ObjectStore store = store()) {
            store.putJson(ObjectKeys.surface(plan.surfaceId()), plan);
            store.putJson(ObjectKeys.surfaceValues(plan.surfaceId()), values);
        }

        archive.loadAll();

        JsonPath surface = given().get("/api/surfaces/" + plan.surfaceId()).jsonPath();
        assertEquals("complete", surface.getString("state"));
        assertEquals(4, surface.getInt("pointsDone"));
        assertEquals(1, surface.getInt("nonFinitePoints"));
        assertEquals(
                "Infinity",
                given().get("/api/surfaces/" + plan.surfaceId() + "/values")
                        .jsonPath()
                        .getString("loss[0][1]"));
    }
}
