package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.messages.Axis;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.InterpolationSpec;
import org.losscape.messages.Topics;
import org.losscape.projection.surfaces.SurfaceGroup;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;
import org.losscape.weights.ParameterKind;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/** {@code POST /interpolations} between two real ResNet-20 solutions of one seed. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class InterpolationResourceTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void storeRuns() {
        TrainedRuns.ensureStored(store);
    }

    @Test
    void interpolation_plansTrainAndTestCurvesSharingTheDirectionFromAToB() {
        SurfaceGroup group = given().contentType(ContentType.JSON)
                .body("""
                        {"runA": "views-trajectory", "runB": "views-large-batch",
                         "alpha": {"points": 5},
                         "evalSets": {"trainSize": 64, "testSize": 32}, "chunkSize": 2}""")
                .when().post("/interpolations")
                .then().statusCode(202)
                .header("Location", containsString("/surfaces?groupId="))
                .extract().as(SurfaceGroup.class);

        assertEquals(2, group.surfaces().size());
        SurfacePlanned train = group.surfaces().get(0);
        SurfacePlanned test = group.surfaces().get(1);
        assertEquals(new EvalSetSpec("cifar10", "train", 64), train.evalSet());
        assertEquals(new EvalSetSpec("cifar10", "test", 32), test.evalSet());
        for (SurfacePlanned surface : group.surfaces()) {
            assertEquals(SurfacePlanned.INTERPOLATION, surface.kind());
            assertEquals(group.groupId(), surface.groupId());
            assertEquals(TrainedRuns.TRAJECTORY, surface.runId());
            assertEquals(3, surface.epoch());
            assertEquals(ObjectKeys.checkpoint(TrainedRuns.TRAJECTORY, 3),
                    surface.checkpointKey());
            assertEquals(new InterpolationSpec(TrainedRuns.LARGE_BATCH, 1,
                    ObjectKeys.checkpoint(TrainedRuns.LARGE_BATCH, 1)), surface.interpolation());
            assertEquals(new Axis(-0.5, 1.5, 5), surface.grid().x());
            assertEquals(new Axis(0, 0, 1), surface.grid().y());
            assertEquals("interpolation", surface.directions().normalization());
            assertTrue(surface.directions().moveBatchNormStatistics());
            assertTrue(surface.directions().includeBiasAndBatchNorm());
            assertNull(surface.directionYKey());
            assertEquals(3, surface.chunkCount());
            assertEquals(3, KafkaTopics.readAll(bootstrapServers, Topics.SURFACE_CHUNKS).stream()
                    .filter(r -> r.key().equals(surface.surfaceId()))
                    .count());
        }
        assertEquals(train.directionXKey(), test.directionXKey());
        assertNotEquals(train.surfaceId(), test.surfaceId());

        ParameterTensors direction = ParameterTensors.fromBytes(
                store.get(train.directionXKey()));
        assertIsDifference(TrainedRuns.theta(TrainedRuns.TRAJECTORY, 3),
                TrainedRuns.theta(TrainedRuns.LARGE_BATCH, 1), direction);
        given().when().get("/surfaces?groupId=" + group.groupId())
                .then().statusCode(200)
                .body("size()", equalTo(2));
    }

    @Test
    void interpolation_defaults_areTheLastEpochsAndFortyOneAlphas() {
        SurfaceGroup group = given().contentType(ContentType.JSON)
                .body("""
                        {"runA": "views-large-batch", "runB": "views-trajectory",
                         "evalSets": {"trainSize": 8, "testSize": 8}, "chunkSize": 41}""")
                .when().post("/interpolations")
                .then().statusCode(202)
                .extract().as(SurfaceGroup.class);

        SurfacePlanned train = group.surfaces().get(0);
        assertEquals(1, train.epoch());
        assertEquals(3, train.interpolation().epoch());
        assertEquals(new Axis(-0.5, 1.5, 41), train.grid().x());
        assertEquals(0.0, train.grid().x().coordinate(10), 0.0);
        assertEquals(1.0, train.grid().x().coordinate(30), 0.0);
    }

    @Test
    void interpolation_withinOneRun_isAllowed() {
        SurfaceGroup group = given().contentType(ContentType.JSON)
                .body("""
                        {"runA": "views-trajectory", "epochA": 0,
                         "runB": "views-trajectory", "epochB": 3,
                         "alpha": {"points": 3}, "evalSets": {"trainSize": 8, "testSize": 8}}""")
                .when().post("/interpolations")
                .then().statusCode(202)
                .extract().as(SurfaceGroup.class);

        assertEquals(0, group.surfaces().get(0).epoch());
        ParameterTensors direction = ParameterTensors.fromBytes(
                store.get(group.surfaces().get(0).directionXKey()));
        assertIsDifference(TrainedRuns.theta(TrainedRuns.TRAJECTORY, 0),
                TrainedRuns.theta(TrainedRuns.TRAJECTORY, 3), direction);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "\"runB\": \"views-noskip\"                               | 400 | runB",
        "\"runB\": \"views-large-batch\", \"alpha\": {\"points\": 0} | 400 | alpha.points",
        "\"runB\": \"views-large-batch\", \"alpha\": {\"min\": \"NaN\"} | 400 | alpha.min",
        "\"runB\": \"views-large-batch\", \"alpha\": {\"min\": 2}    | 400 | alpha.min",
        "\"runB\": \"views-trajectory\"                           | 400 | epochB",
        "\"runB\": \"views-large-batch\", \"evalSets\": {\"trainSize\": 0} | 400 "
                + "| evalSets.trainSize",
        "\"runB\": \"views-large-batch\", \"evalSets\": {\"testSize\": 10001} | 400 "
                + "| evalSets.testSize",
        "\"runB\": \"views-large-batch\", \"evalSets\": {\"dataset\": \"fashion-mnist\"} | 400 "
                + "| evalSets.dataset",
        "\"runB\": \"views-large-batch\", \"chunkSize\": 0         | 400 | chunkSize",
        "\"runB\": \"views-large-batch\", \"chunkSize\": 1001      | 400 | chunkSize",
        "\"runB\": \"views-large-batch\", \"alpha\": {\"min\": -1e308, \"max\": 1e308} | 400 "
                + "| alpha.min",
        "\"runB\": \"views-large-batch\", \"alpha\": {\"max\": 2e6} | 400 | alpha.max",
        "\"runB\": \"views-large-batch\", \"alpha\": {\"min\": 1, \"max\": 0, \"points\": 1} "
                + "| 400 | alpha.min",
        "\"runB\": \"views-large-batch\", \"alpha\": {\"points\": 41.5} | 400 | alpha.points",
        "\"runB\": \"views-large-batch\", \"alpah\": {\"points\": 41} | 400 | alpah",
        "\"runB\": \"views-large-batch\", \"epochA\": -1           | 400 | epochA",
        "\"runB\": \"views-large-batch\", \"epochB\": 9            | 404 | epochB",
        "\"runB\": \"no-such-run\"                                | 404 | runB",
        "\"runB\": \"../x\"                                       | 400 | runB",
    })
    void interpolation_badRequest_isRejectedNamingTheField(
            String fields, int status, String field) {
        given().contentType(ContentType.JSON)
                .body("{\"runA\": \"views-trajectory\", " + fields + "}")
                .when().post("/interpolations")
                .then().statusCode(status)
                .body("field", equalTo(field));
    }

    @Test
    void interpolation_withoutRunA_is400NamingRunA() {
        given().contentType(ContentType.JSON).body("{\"runB\": \"views-trajectory\"}")
                .when().post("/interpolations")
                .then().statusCode(400)
                .body("field", equalTo("runA"));
    }

    /** d must be to − from for every value, running statistics included, bit for bit. */
    private static void assertIsDifference(
            ParameterTensors from, ParameterTensors to, ParameterTensors direction) {
        from.requireSameLayout(direction, "direction");
        boolean statisticsMove = false;
        for (int k = 0; k < from.size(); k++) {
            ParameterTensor a = from.get(k);
            ParameterTensor b = to.get(k);
            ParameterTensor d = direction.get(k);
            for (int v = 0; v < a.size(); v++) {
                assertEquals(b.value(v) - a.value(v), d.value(v), 0f, a.name() + "[" + v + "]");
                statisticsMove |= a.kind() == ParameterKind.RUNNING_MEAN && d.value(v) != 0;
            }
        }
        assertTrue(statisticsMove, "the running statistics differ between the solutions");
    }
}
