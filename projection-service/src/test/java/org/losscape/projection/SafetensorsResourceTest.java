package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.losscape.interchange.Safetensors;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.Json;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/** Checkpoints and directions as safetensors over REST, and the import of a checkpoint. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class SafetensorsResourceTest {

    private static final ModelSpec RESNET20 = ModelSpec.parse("resnet20");
    private static final String OCTETS = "application/octet-stream";

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void storeRuns() {
        TrainedRuns.ensureStored(store);
    }

    @Test
    void checkpoint_export_isTheStoredCheckpointUnderPyTorchNames_bitExact() {
        byte[] file = given().when()
                .get("/runs/views-trajectory/checkpoints/3.safetensors")
                .then().statusCode(200)
                .contentType(OCTETS)
                .header("Content-Disposition", containsString("views-trajectory-epoch-3"))
                .extract().asByteArray();

        ParameterTensors theta = TrainedRuns.theta(TrainedRuns.TRAJECTORY, 3);
        assertBitEqual(theta, Safetensors.read(file, theta, RESNET20));
        Map<String, String> metadata = Safetensors.metadata(file);
        assertEquals("resnet20", metadata.get("model"));
        assertEquals("3", metadata.get("epoch"));
        assertTrue(new String(file, 0, Math.min(file.length, 4000),
                java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("layer1.0.bn1.running_mean"));
    }

    @Test
    void checkpoint_export_unknownEpochOrRun_is404() {
        given().when().get("/runs/views-trajectory/checkpoints/9.safetensors")
                .then().statusCode(404)
                .body("field", equalTo("epoch"));
        given().when().get("/runs/no-such-run/checkpoints/0.safetensors")
                .then().statusCode(404)
                .body("field", equalTo("runId"));
    }

    @Test
    void direction_export_roundTripsTheStoredDirection_bitExact() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory",
                         "grid": {"x": {"points": 2}, "y": {"points": 2}}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        for (String axis : new String[] {"x", "y"}) {
            byte[] file = given().when()
                    .get("/surfaces/" + surface.surfaceId() + "/directions/" + axis
                            + ".safetensors")
                    .then().statusCode(200)
                    .contentType(OCTETS)
                    .extract().asByteArray();

            ParameterTensors stored = ParameterTensors.fromBytes(store.get(
                    axis.equals("x") ? surface.directionXKey() : surface.directionYKey()));
            assertBitEqual(stored, Safetensors.read(file, stored, RESNET20));
            assertEquals(axis, Safetensors.metadata(file).get("axis"));
            assertEquals("filter", Safetensors.metadata(file).get("normalization"));
        }
    }

    @Test
    void direction_export_ofALine_hasNoY() {
        String id = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory",
                         "grid": {"x": {"points": 2}, "y": {"min": 0, "max": 0, "points": 1}}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().path("surfaceId");

        given().when().get("/surfaces/" + id + "/directions/y.safetensors")
                .then().statusCode(404)
                .body("field", equalTo("axis"));
        given().when().get("/surfaces/" + id + "/directions/z.safetensors")
                .then().statusCode(404)
                .body("field", equalTo("axis"));
        given().when().get("/surfaces/no-such-surface/directions/x.safetensors")
                .then().statusCode(404)
                .body("field", equalTo("surfaceId"));
    }

    @Test
    void checkpoint_import_storesItAnnouncesItAndExportsItBack_bitExact() {
        ParameterTensors theta = TrainedRuns.theta(TrainedRuns.LARGE_BATCH, 1);
        byte[] file = Safetensors.export(theta, RESNET20);

        CheckpointEvent event = given().contentType(OCTETS).body(file)
                .when().post("/runs/imported-run/checkpoints/5?model=resnet20")
                .then().statusCode(201)
                .header("Location", containsString("/runs/imported-run/checkpoints/5"))
                .extract().as(CheckpointEvent.class);

        assertEquals(5, event.epoch());
        assertEquals(5, event.epochs());
        assertTrue(event.last());
        assertEquals("cifar10", event.dataset());
        assertTrue(Double.isNaN(event.metrics().trainLoss()));
        assertTrue(Double.isNaN(event.metrics().testAccuracy()));
        assertEquals(ObjectKeys.checkpoint("imported-run", 5), event.checkpointKey());
        try (Model model = Models.newModel(RESNET20, 3, 32, 32, 0)) {
            Checkpoints.load(model, store.get(event.checkpointKey()));
            assertBitEqual(theta, ParameterTensors.of(model.getBlock()));
        }
        assertTrue(store.exists(ObjectKeys.run("imported-run")));
        CheckpointEvent published = Json.fromJson(KafkaTopics.readAll(bootstrapServers,
                Topics.CHECKPOINTS).stream().filter(r -> r.key().equals("imported-run"))
                .findFirst().orElseThrow().value(), CheckpointEvent.class);
        assertEquals(event.checkpointKey(), published.checkpointKey());
        assertTrue(Double.isNaN(published.metrics().testLoss()));

        byte[] exported = given().when()
                .get("/runs/imported-run/checkpoints/5.safetensors")
                .then().statusCode(200)
                .extract().asByteArray();
        assertBitEqual(theta, Safetensors.read(exported, theta, RESNET20));
    }

    @Test
    void checkpoint_importOfAnEarlierEpochWithEpochs_isNotLast() {
        byte[] file = Safetensors.export(TrainedRuns.theta(TrainedRuns.TRAJECTORY, 1), RESNET20);

        CheckpointEvent event = given().contentType(OCTETS).body(file)
                .when().post("/runs/imported-path/checkpoints/1?model=resnet20&epochs=3")
                .then().statusCode(201)
                .extract().as(CheckpointEvent.class);

        assertEquals(3, event.epochs());
        assertTrue(!event.last());
    }

    @Test
    void checkpoint_importOverAnExistingCheckpoint_is409() {
        byte[] file = Safetensors.export(TrainedRuns.theta(TrainedRuns.TRAJECTORY, 2), RESNET20);

        given().contentType(OCTETS).body(file)
                .when().post("/runs/views-trajectory/checkpoints/2?model=resnet20")
                .then().statusCode(409)
                .body("type", equalTo("conflict"))
                .body("field", equalTo("epoch"));
    }

    @Test
    void checkpoint_importBadRequests_are400NamingTheField() {
        byte[] resnet20 = Safetensors.export(
                TrainedRuns.theta(TrainedRuns.TRAJECTORY, 2), RESNET20);

        given().contentType(OCTETS).body(resnet20)
                .when().post("/runs/imported-bad/checkpoints/0")
                .then().statusCode(400)
                .body("field", equalTo("model"));
        given().contentType(OCTETS).body(resnet20)
                .when().post("/runs/imported-bad/checkpoints/0?model=resnet21")
                .then().statusCode(400)
                .body("field", equalTo("model"));
        given().contentType(OCTETS).body(resnet20)
                .when().post("/runs/imported-bad/checkpoints/0?model=resnet56")
                .then().statusCode(400)
                .body("field", equalTo("body"))
                .body("message", containsString("missing"));
        given().contentType(OCTETS).body(new byte[] {1, 2, 3})
                .when().post("/runs/imported-bad/checkpoints/0?model=resnet20")
                .then().statusCode(400)
                .body("field", equalTo("body"));
        given().contentType(OCTETS).body(resnet20)
                .when().post("/runs/imported-bad/checkpoints/4?model=resnet20&epochs=3")
                .then().statusCode(400)
                .body("field", equalTo("epochs"));
        given().contentType(OCTETS).body(resnet20)
                .when().post("/runs/views-trajectory/checkpoints/7?model=resnet56")
                .then().statusCode(400)
                .body("field", equalTo("model"));
        given().contentType(OCTETS).body(resnet20)
                .when().post("/runs/imported-bad/checkpoints/0?model=resnet20&dataset=mnist")
                .then().statusCode(400)
                .body("field", equalTo("dataset"));
        assertTrue(!store.exists(ObjectKeys.checkpoint("imported-bad", 0)));
    }

    private static void assertBitEqual(ParameterTensors expected, ParameterTensors actual) {
        expected.requireSameLayout(actual, "read back");
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k).values(), actual.get(k).values(),
                    expected.get(k).name());
        }
    }
}
