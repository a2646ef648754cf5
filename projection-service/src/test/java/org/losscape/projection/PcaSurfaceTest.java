package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;
import org.losscape.data.Split;
import org.losscape.evaluation.Evaluator;
import org.losscape.evaluation.LossAccuracy;
import org.losscape.messages.Axis;
import org.losscape.messages.Json;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.messages.Topics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;
import org.losscape.weights.ParameterKind;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/** {@code POST /surfaces} with {@code "directions": "pca"} over a real 4-checkpoint run. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class PcaSurfaceTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void storeRuns() {
        TrainedRuns.ensureStored(store);
    }

    @Test
    void pca_overFourCheckpoints_plansThePlaneWithThePathEndingAtTheOrigin() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory", "directions": "pca",
                         "grid": {"x": {"points": 5}, "y": {"points": 4}},
                         "evalSet": {"size": 64}, "chunkSize": 6}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertEquals(SurfacePlanned.PCA, surface.kind());
        assertEquals("pca", surface.directions().normalization());
        assertEquals(3, surface.epoch());
        assertEquals(20, surface.pointCount());
        assertEquals(4, surface.chunkCount());
        assertNull(surface.groupId());
        List<TrajectoryPoint> path = surface.trajectory().path();
        assertEquals(List.of(0, 1, 2, 3), path.stream().map(TrajectoryPoint::epoch).toList());
        TrajectoryPoint last = path.get(3);
        assertEquals(0.0, last.x(), 0.0);
        assertEquals(0.0, last.y(), 0.0);
        assertEquals(0.0, last.residual(), 0.0);
        List<Double> ratios = surface.trajectory().explainedVariance();
        assertEquals(2, ratios.size());
        for (double ratio : ratios) {
            assertTrue(ratio >= 0 && ratio <= 1, "ratio " + ratio);
        }
        // λ1 + λ2 ≤ trace; a sum of doubles may exceed it by rounding only.
        assertTrue(ratios.get(0) + ratios.get(1) <= 1 + 1e-12, "sum " + ratios);
        assertTrue(ratios.get(0) >= ratios.get(1));
        for (TrajectoryPoint point : path) {
            assertTrue(Double.isFinite(point.loss()), "loss of epoch " + point.epoch());
            assertTrue(point.accuracy() >= 0 && point.accuracy() <= 1);
            assertTrue(point.residual() >= 0);
            assertInside(surface.grid().x(), point.x());
            assertInside(surface.grid().y(), point.y());
        }

        ParameterTensors d1 = ParameterTensors.fromBytes(store.get(surface.directionXKey()));
        ParameterTensors d2 = ParameterTensors.fromBytes(store.get(surface.directionYKey()));
        // Unit norm over the weights in float32 values summed in double: 1e-5.
        assertEquals(1.0, norm(d1), 1e-5);
        assertEquals(1.0, norm(d2), 1e-5);
        assertOnlyWeightsMove(d1);
        assertOnlyWeightsMove(d2);
        assertEquals(surface, Json.fromJson(KafkaTopics.readAll(bootstrapServers,
                Topics.SURFACES).stream().filter(r -> r.key().equals(surface.surfaceId()))
                .findFirst().orElseThrow().value(), SurfacePlanned.class));
    }

    @Test
    void pca_pathLosses_areEachCheckpointsOwnLossOnTheEvaluationSet() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory", "directions": "pca",
                         "grid": {"x": {"points": 3}, "y": {"points": 3}},
                         "evalSet": {"split": "test", "size": 48}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        for (TrajectoryPoint point : surface.trajectory().path()) {
            LossAccuracy own = evaluate(TrainedRuns.theta(TrainedRuns.TRAJECTORY, point.epoch()),
                    Split.TEST, 48);
            // Same weights, images and batches: the same floats.
            assertEquals(own.loss(), point.loss(), 0.0, "epoch " + point.epoch());
            assertEquals(own.accuracy(), point.accuracy(), 0.0, "epoch " + point.epoch());
        }
    }

    @Test
    void pca_rangeGiven_keepsItAndCoversTheOtherAxis() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory", "directions": "pca", "margin": 0,
                         "grid": {"x": {"min": -20, "max": 20, "points": 3},
                                  "y": {"points": 3}},
                         "evalSet": {"size": 8}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertEquals(new Axis(-20, 20, 3), surface.grid().x());
        double yMin = surface.trajectory().path().stream()
                .mapToDouble(TrajectoryPoint::y).min().orElseThrow();
        double yMax = surface.trajectory().path().stream()
                .mapToDouble(TrajectoryPoint::y).max().orElseThrow();
        // Margin 0: the y axis is the path's own extent.
        assertEquals(yMin, surface.grid().y().min(), 0.0);
        assertEquals(yMax, surface.grid().y().max(), 0.0);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"runId\": \"views-short\"}                              | 400 | runId",
        "{\"runId\": \"views-trajectory\", \"epoch\": 1}           | 400 | epoch",
        "{\"runId\": \"views-trajectory\", \"seeds\": [1, 2]}      | 400 | seeds",
        "{\"runId\": \"views-trajectory\", \"margin\": -1}         | 400 | margin",
        "{\"runId\": \"views-trajectory\", \"grid\": {\"y\": {\"points\": 1}}} | 400 "
                + "| grid.y.points",
        "{\"runId\": \"views-trajectory\", \"grid\": {\"x\": {\"min\": \"NaN\"}}} | 400 "
                + "| grid.x.min",
        "{\"runId\": \"views-trajectory\", \"grid\": {\"x\": {\"min\": -1e308}}} | 400 "
                + "| grid.x.min",
        "{\"runId\": \"views-trajectory\", \"grid\": {\"y\": {\"max\": 1e7}}} | 400 "
                + "| grid.y.max",
        "{\"runId\": \"views-trajectory\", \"chunkSize\": 1001} | 400 | chunkSize",
        "{\"runId\": \"views-trajectory\", \"moveBatchNormStatistics\": true} | 400 "
                + "| moveBatchNormStatistics",
        "{\"runId\": \"no-such-run\"}                              | 404 | runId",
    })
    void pca_badRequest_isRejectedNamingTheField(String fields, int status, String field) {
        String body = "{\"directions\": \"pca\", " + fields.substring(1);

        given().contentType(ContentType.JSON).body(body)
                .when().post("/surfaces")
                .then().statusCode(status)
                .body("field", equalTo(field));
    }

    @Test
    void directions_unknownView_is400NamingDirections() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"views-trajectory\", \"directions\": \"eigen\"}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("directions"))
                .body("message", containsString("random or pca"));
    }

    private static LossAccuracy evaluate(ParameterTensors theta, Split split, int size) {
        Path datasets = Path.of(System.getProperty("losscape.datasets", "../shared/datasets"));
        ImageSet images = Cifar10.read(datasets.resolve("cifar-10-subset"), split).first(size);
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 0);
                NDManager data = model.getNDManager().newSubManager()) {
            theta.restoreInto(model.getBlock());
            return new Evaluator(model.getBlock(),
                    ImageTensors.images(images, Normalization.CIFAR10, data),
                    ImageTensors.labels(images, data)).evaluate();
        }
    }

    private static void assertInside(Axis axis, double value) {
        assertTrue(value >= axis.min() && value <= axis.max(),
                value + " outside [" + axis.min() + ", " + axis.max() + "]");
    }

    private static void assertOnlyWeightsMove(ParameterTensors direction) {
        for (ParameterTensor tensor : direction) {
            if (tensor.kind() != ParameterKind.WEIGHT) {
                for (int v = 0; v < tensor.size(); v++) {
                    assertEquals(0f, tensor.value(v), 0f, tensor.name());
                }
            }
        }
    }

    private static double norm(ParameterTensors direction) {
        double sum = 0;
        for (ParameterTensor tensor : direction) {
            for (int v = 0; v < tensor.size(); v++) {
                sum += (double) tensor.value(v) * tensor.value(v);
            }
        }
        return Math.sqrt(sum);
    }
}
