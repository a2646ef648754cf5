package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.directions.Directions;
import org.losscape.messages.SurfacePlanned;
import org.losscape.projection.surfaces.SurfaceGroup;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/** Several surfaces at once: 1-D directions of several seeds, comparisons of runs. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class SurfaceGroupTest {

    @Inject
    ObjectStore store;

    @BeforeEach
    void storeRuns() {
        TrainedRuns.ensureStored(store);
    }

    @Test
    void seeds_threeSeedsOnALine_planThreeLinesInOneGroup() {
        SurfaceGroup group = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory", "seeds": [1, 2, 3],
                         "grid": {"x": {"points": 5}, "y": {"min": 0, "max": 0, "points": 1}},
                         "evalSet": {"size": 16}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfaceGroup.class);

        assertEquals(List.of(1L, 2L, 3L), group.surfaces().stream()
                .map(s -> s.directions().seed()).toList());
        ParameterTensors theta = TrainedRuns.theta(TrainedRuns.TRAJECTORY, 3);
        for (SurfacePlanned surface : group.surfaces()) {
            assertEquals(SurfacePlanned.LINE, surface.kind());
            assertEquals(group.groupId(), surface.groupId());
            assertNull(surface.directionYKey());
            assertEquals(0.0, surface.directions().cosine(), 0.0);
            ParameterTensors stored = ParameterTensors.fromBytes(
                    store.get(surface.directionXKey()));
            ParameterTensors expected = Directions.random(
                    theta, surface.directions().seed(), Directions.FILTER, false);
            assertSame(expected, stored);
        }
        given().when().get("/surfaces?groupId=" + group.groupId())
                .then().statusCode(200)
                .body("size()", equalTo(3))
                .body("groupId", everyItem(equalTo(group.groupId())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"seeds\": []                 | seeds",
        "\"seeds\": [4, 4]             | seeds",
        "\"seeds\": [4], \"seed\": 5   | seeds",
        "\"seeds\": \"x\"              | seeds",
    })
    void seeds_bad_is400NamingSeeds(String fields, String field) {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"views-trajectory\", " + fields + "}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo(field));
    }

    @Test
    void moveBatchNormStatistics_givesTheRunningStatisticsADirection() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory", "moveBatchNormStatistics": true,
                         "grid": {"x": {"points": 3}, "y": {"points": 3}}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertTrue(surface.directions().moveBatchNormStatistics());
        for (String key : List.of(surface.directionXKey(), surface.directionYKey())) {
            ParameterTensors direction = ParameterTensors.fromBytes(store.get(key));
            ParameterTensor variance = direction.get("02bn1_runningVar");
            assertTrue(norm(variance) > 0, key);
        }
    }

    @Test
    void moveBatchNormStatistics_default_leavesThemAlone() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "views-trajectory",
                         "grid": {"x": {"points": 3}, "y": {"points": 3}}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertFalse(surface.directions().moveBatchNormStatistics());
        ParameterTensors direction = ParameterTensors.fromBytes(
                store.get(surface.directionXKey()));
        assertEquals(0.0, norm(direction.get("02bn1_runningVar")), 0.0);
    }

    @Test
    void comparison_twoModels_planOneSurfacePerRunWithTheSameSeed() {
        SurfaceGroup group = given().contentType(ContentType.JSON)
                .body("""
                        {"runIds": ["views-trajectory", "views-noskip"], "seed": 7,
                         "grid": {"x": {"points": 3}, "y": {"points": 3}},
                         "evalSet": {"split": "test", "size": 16}}""")
                .when().post("/comparisons")
                .then().statusCode(202)
                .extract().as(SurfaceGroup.class);

        assertEquals(2, group.surfaces().size());
        SurfacePlanned skip = group.surfaces().get(0);
        SurfacePlanned noSkip = group.surfaces().get(1);
        assertEquals("resnet20", skip.model());
        assertEquals("resnet20-noskip", noSkip.model());
        assertEquals(3, skip.epoch());
        assertEquals(0, noSkip.epoch());
        for (SurfacePlanned surface : group.surfaces()) {
            assertEquals(SurfacePlanned.PLANE, surface.kind());
            assertEquals(group.groupId(), surface.groupId());
            assertEquals(7, surface.directions().seed());
            assertEquals(skip.grid(), surface.grid());
            assertEquals(skip.evalSet(), surface.evalSet());
        }
        ParameterTensors stored = ParameterTensors.fromBytes(store.get(noSkip.directionXKey()));
        assertSame(Directions.random(TrainedRuns.theta(TrainedRuns.NO_SKIP, 0), 7,
                Directions.FILTER, false), stored);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"runIds\": [\"views-trajectory\"]}                            | 400 | runIds",
        "{\"runIds\": [\"views-trajectory\", \"views-trajectory\"]}      | 400 | runIds",
        "{}                                                              | 400 | runIds",
        "{\"runIds\": [\"views-trajectory\", \"no-such-run\"]}           | 404 | runIds",
        "{\"runIds\": [\"views-trajectory\", \"views-noskip\"], \"epoch\": 3} | 404 | epoch",
        "{\"runIds\": [\"views-trajectory\", \"views-noskip\"], \"normalization\": \"x\"} | 400 "
                + "| normalization",
        "{\"runIds\": [\"views-trajectory\", \"views-noskip\"], \"chunkSize\": 1001} | 400 "
                + "| chunkSize",
        "{\"runIds\": [\"views-trajectory\", \"views-noskip\"], "
                + "\"grid\": {\"x\": {\"max\": 1e308}}} | 400 | grid.x.max",
    })
    void comparison_badRequest_isRejectedNamingTheField(String body, int status, String field) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/comparisons")
                .then().statusCode(status)
                .body("field", equalTo(field));
    }

    private static void assertSame(ParameterTensors expected, ParameterTensors actual) {
        expected.requireSameLayout(actual, "stored direction");
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k).values(), actual.get(k).values(),
                    expected.get(k).name());
        }
    }

    private static double norm(ParameterTensor tensor) {
        return Math.sqrt(Arrays.stream(toDoubles(tensor)).map(v -> v * v).sum());
    }

    private static double[] toDoubles(ParameterTensor tensor) {
        double[] values = new double[tensor.size()];
        for (int v = 0; v < values.length; v++) {
            values[v] = tensor.value(v);
        }
        return values;
    }
}
