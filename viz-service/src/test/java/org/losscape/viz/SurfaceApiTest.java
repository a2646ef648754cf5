package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.jhdf.HdfFile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Axis;
import org.losscape.messages.Json;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.testsupport.InfrastructureResource;

/**
 * The service against a real broker: surfaces assembled from Kafka messages, served as JSON
 * and CSV, with the error contract of the API.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class SurfaceApiTest {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);

    /** Exact in binary: the test compares coordinates that went through JSON and text. */
    private static final double COORDINATE_TOLERANCE = 1e-12;

    private static Publisher publisher;

    @BeforeAll
    static void connect() {
        publisher = new Publisher();
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
    }

    /** Publishes a 4 × 3 surface whose index 5 has a NaN loss, chunk 1 delivered twice. */
    private static SurfacePlanned publishNonSquareSurface() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("surface"), 4, 3);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 4));
        publisher.values(
                Fixtures.chunk(
                        plan, 1, 4, 4, index -> index == 5 ? Double.NaN : Fixtures.lossOf(index)));
        publisher.values(Fixtures.chunk(plan, 2, 8, 4));
        publisher.values(
                Fixtures.chunk(
                        plan, 1, 4, 4, index -> index == 5 ? Double.NaN : Fixtures.lossOf(index)));
        return plan;
    }

    private static JsonPath awaitPlanned(String surfaceId) {
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + surfaceId).statusCode() == 200);
        return given().get("/api/surfaces/" + surfaceId).jsonPath();
    }

    private static JsonPath awaitComplete(String surfaceId) {
        await().atMost(KAFKA_TIMEOUT)
                .until(
                        () -> given().get("/api/surfaces/" + surfaceId).statusCode() == 200
                                && "complete".equals(
                                        given().get("/api/surfaces/" + surfaceId)
                                                .jsonPath()
                                                .getString("state")));
        return given().get("/api/surfaces/" + surfaceId).jsonPath();
    }

    @Test
    void surface_duplicateChunkAndNanLoss_everyPointOnceAndNanKept() {
        SurfacePlanned plan = publishNonSquareSurface();

        JsonPath surface = awaitComplete(plan.surfaceId());

        assertEquals(12, surface.getInt("pointsDone"));
        assertEquals(12, surface.getInt("pointsTotal"));
        assertEquals(1, surface.getInt("nonFinitePoints"));
        assertEquals(3, surface.getInt("chunksReceived"));
        assertEquals(Fixtures.lossOf(0), surface.getDouble("minLoss"), 1e-12);
        assertEquals(Fixtures.lossOf(11), surface.getDouble("maxLoss"), 1e-12);
        assertEquals(4, surface.getInt("grid.x.points"));
        assertEquals("filter", surface.getString("directions.normalization"));
        assertEquals(200, surface.getInt("evalSet.size"));
        assertEquals(plan.runId(), surface.getString("runId"));
    }

    @Test
    void values_nonSquareGrid_arraysAreXPointsByYPointsWithNanAsString() throws Exception {
        SurfacePlanned plan = publishNonSquareSurface();
        awaitComplete(plan.surfaceId());

        JsonNode values =
                Json.mapper()
                        .readTree(
                                given().get("/api/surfaces/" + plan.surfaceId() + "/values")
                                        .asString());

        JsonNode xs = values.get("xcoordinates");
        JsonNode ys = values.get("ycoordinates");
        JsonNode loss = values.get("loss");
        JsonNode accuracy = values.get("accuracy");
        assertEquals(4, xs.size());
        assertEquals(3, ys.size());
        assertEquals(4, loss.size());
        assertEquals(4, accuracy.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(-1 + 2.0 * i / 3, xs.get(i).asDouble(), COORDINATE_TOLERANCE, "α " + i);
            assertEquals(3, loss.get(i).size());
            assertEquals(3, accuracy.get(i).size());
            for (int j = 0; j < 3; j++) {
                int index = i * 3 + j;
                JsonNode cell = loss.get(i).get(j);
                if (index == 5) {
                    assertTrue(cell.isTextual(), "index 5 = (i=1, j=2) has the NaN loss");
                    assertEquals("NaN", cell.asText());
                } else {
                    assertEquals(Fixtures.lossOf(index), cell.asDouble(), 1e-12);
                }
                assertEquals(
                        Fixtures.accuracyOf(index), accuracy.get(i).get(j).asDouble(), 1e-12);
            }
        }
        assertEquals(-0.5, ys.get(0).asDouble(), COORDINATE_TOLERANCE);
        assertEquals(0.5, ys.get(2).asDouble(), COORDINATE_TOLERANCE);
    }

    @Test
    void csv_nonSquareGrid_oneLinePerPointWithIjMatchingAlphaBeta() {
        SurfacePlanned plan = publishNonSquareSurface();
        awaitComplete(plan.surfaceId());

        String csv =
                given().get("/api/surfaces/" + plan.surfaceId() + "/values.csv")
                        .then()
                        .statusCode(200)
                        .contentType(containsString("text/csv"))
                        .extract()
                        .asString();

        String[] lines = csv.split("\n");
        assertEquals("index,i,j,alpha,beta,loss,accuracy", lines[0]);
        assertEquals(13, lines.length, "a header and 12 points");
        Axis x = plan.grid().x();
        Axis y = plan.grid().y();
        for (int row = 1; row < lines.length; row++) {
            String[] fields = lines[row].split(",");
            int index = Integer.parseInt(fields[0]);
            int i = Integer.parseInt(fields[1]);
            int j = Integer.parseInt(fields[2]);
            assertEquals(row - 1, index, "rows in index order");
            assertEquals(index, i * 3 + j, "index = i * y.points + j");
            assertEquals(x.coordinate(i), Double.parseDouble(fields[3]), COORDINATE_TOLERANCE);
            assertEquals(y.coordinate(j), Double.parseDouble(fields[4]), COORDINATE_TOLERANCE);
            if (index == 5) {
                assertEquals("NaN", fields[5]);
            } else {
                assertEquals(Fixtures.lossOf(index), Double.parseDouble(fields[5]), 1e-12);
            }
            assertEquals(Fixtures.accuracyOf(index), Double.parseDouble(fields[6]), 1e-12);
        }
    }

    @Test
    void export_hdf5_rowsAlongYWithNanKept() throws Exception {
        SurfacePlanned plan = publishNonSquareSurface();
        awaitComplete(plan.surfaceId());

        byte[] bytes =
                given().get("/api/surfaces/" + plan.surfaceId() + "/export?format=h5")
                        .then()
                        .statusCode(200)
                        .header("Content-Disposition", containsString(".h5"))
                        .extract()
                        .asByteArray();

        Path file = Files.createTempFile("surface-", ".h5");
        try {
            Files.write(file, bytes);
            try (HdfFile hdf = new HdfFile(file)) {
                double[][] loss = (double[][]) hdf.getDatasetByPath("train_loss").getData();
                double[] xs = (double[]) hdf.getDatasetByPath("xcoordinates").getData();
                double[] ys = (double[]) hdf.getDatasetByPath("ycoordinates").getData();
                assertEquals(4, xs.length);
                assertEquals(3, ys.length);
                assertEquals(3, loss.length, "[ny, nx]: one row per y coordinate");
                assertEquals(4, loss[0].length);
                assertTrue(Double.isNaN(loss[2][1]), "index 5 = (i=1, j=2) at [j][i]");
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 3; j++) {
                        int index = i * 3 + j;
                        if (index != 5) {
                            assertEquals(Fixtures.lossOf(index), loss[j][i], 1e-12,
                                    "index " + index + " at [" + j + "][" + i + "]");
                        }
                    }
                }
                assertEquals(plan.surfaceId(), hdf.getAttribute("surface_id").getData());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void export_hdf5_provenanceNumbersAreNumericAttributes() throws Exception {
        SurfacePlanned plan = publishNonSquareSurface();
        awaitComplete(plan.surfaceId());

        byte[] bytes =
                given().get("/api/surfaces/" + plan.surfaceId() + "/export?format=h5")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray();

        Path file = Files.createTempFile("surface-", ".h5");
        try {
            Files.write(file, bytes);
            try (HdfFile hdf = new HdfFile(file)) {
                assertEquals(3, hdf.getAttribute("epoch").getData(), "an int32, not \"3\"");
                assertEquals(7L, hdf.getAttribute("direction_seed").getData());
                assertEquals(false,
                        hdf.getAttribute("direction_include_bias_and_batchnorm").getData());
                assertEquals(plan.runId(), hdf.getAttribute("run_id").getData());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void export_unknownFormat_400NamingField() {
        given().get("/api/surfaces/any-surface/export?format=png")
                .then()
                .statusCode(400)
                .body("field", equalTo("format"))
                .body("message", containsString("png"));
    }

    @Test
    void values_beforeTheirPlan_heldAndAppliedWhenThePlanArrives() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("early"), 2, 2);
        publisher.values(Fixtures.chunk(plan, 0, 0, 4));
        await().atMost(KAFKA_TIMEOUT).until(() -> pendingPoints() >= 4);
        given().get("/api/surfaces/" + plan.surfaceId()).then().statusCode(404);

        publisher.planned(plan);

        JsonPath surface = awaitComplete(plan.surfaceId());
        assertEquals(4, surface.getInt("pointsDone"));
    }

    @Test
    void metrics_duplicateChunk_countedAsDroppedDuplicates() {
        double before = meter("losscape_viz_points_duplicate_total");
        SurfacePlanned plan = publishNonSquareSurface();
        awaitComplete(plan.surfaceId());

        await().atMost(KAFKA_TIMEOUT)
                .until(() -> meter("losscape_viz_points_duplicate_total") >= before + 4);
        assertTrue(meter("losscape_viz_surfaces_complete_total") >= 1);
    }

    @Test
    void unknownSurface_everyEndpoint_404JsonNamingTheField() {
        for (String path : List.of("", "/values", "/values.csv", "/events")) {
            given().get("/api/surfaces/no-such-surface" + path)
                    .then()
                    .statusCode(404)
                    .contentType(containsString("application/json"))
                    .body("type", equalTo("not-found"))
                    .body("field", equalTo("surfaceId"))
                    .body("message", containsString("no-such-surface"));
        }
    }

    @Test
    void unknownRun_404Json() {
        given().get("/api/runs/no-such-run")
                .then()
                .statusCode(404)
                .body("type", equalTo("not-found"))
                .body("field", equalTo("runId"));
    }

    @Test
    void surfaces_unknownState_400NamingFieldAndAllowedValues() {
        given().get("/api/surfaces?state=finished")
                .then()
                .statusCode(400)
                .body("type", equalTo("bad-request"))
                .body("field", equalTo("state"))
                .body("message", containsString("'finished'"))
                .body("message", containsString("planned, running, complete"));
    }

    @Test
    void surface_malformedId_400NamingField() {
        given().urlEncodingEnabled(false)
                .get("/api/surfaces/bad%20id")
                .then()
                .statusCode(400)
                .body("field", equalTo("surfaceId"))
                .body("message", containsString("'bad id'"));
    }

    @Test
    void surface_autoSurfaceOfALongestRunId_servedNotRefused() {
        String runId = "r" + "0123456789abcdef".repeat(8).substring(1);
        String surfaceId = "auto-" + runId + "-epoch-0003";
        SurfacePlanned plan = Fixtures.plan(surfaceId, 2, 2);
        publisher.planned(plan);

        JsonPath surface = awaitPlanned(surfaceId);

        assertEquals(128, runId.length());
        assertEquals(surfaceId, surface.getString("surfaceId"));
        given().get("/api/runs/" + runId).then().statusCode(404);
        given().get("/api/runs/" + runId + "x")
                .then()
                .statusCode(400)
                .body("field", equalTo("runId"))
                .body("message", containsString("1 to 128"));
        given().get("/api/surfaces/" + "s".repeat(202))
                .then()
                .statusCode(400)
                .body("field", equalTo("surfaceId"))
                .body("message", containsString("1 to 201"));
    }

    @Test
    void surfaces_stateFilter_listsOnlySurfacesInThatState() {
        SurfacePlanned planned = Fixtures.plan(Fixtures.newId("planned"), 3, 3);
        publisher.planned(planned);
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + planned.surfaceId()).statusCode()
                        == 200);

        List<String> plannedIds =
                given().get("/api/surfaces?state=planned").jsonPath().getList("surfaceId");
        List<String> completeIds =
                given().get("/api/surfaces?state=complete").jsonPath().getList("surfaceId");

        assertTrue(plannedIds.contains(planned.surfaceId()));
        assertTrue(!completeIds.contains(planned.surfaceId()));
    }

    @Test
    void consumer_unreadableRecord_skippedAndLaterPlansStillRead() {
        publisher.raw(Topics.SURFACES, "junk", "{not json".getBytes());
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("after-junk"), 2, 2);

        publisher.planned(plan);

        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + plan.surfaceId()).statusCode()
                        == 200);
    }

    @Test
    void runs_checkpointsIncludingRedelivery_oneHistoryEntryPerEpoch() {
        String runId = Fixtures.newId("run");
        for (int epoch = 0; epoch <= 3; epoch++) {
            publisher.checkpoint(Fixtures.checkpoint(runId, epoch, 3));
        }
        publisher.checkpoint(Fixtures.checkpoint(runId, 1, 3));

        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/runs/" + runId).statusCode() == 200
                        && given().get("/api/runs/" + runId).jsonPath().getInt("summary.epochsDone")
                                == 3);
        JsonPath run = given().get("/api/runs/" + runId).jsonPath();

        assertEquals("finished", run.getString("summary.state"));
        assertEquals("resnet20", run.getString("summary.model"));
        assertEquals(3, run.getInt("summary.epochs"));
        assertEquals(List.of(0, 1, 2, 3), run.getList("history.epoch", Integer.class));
        assertEquals(0.1 + 0.07 * 3, run.getDouble("summary.latest.testAccuracy"), 1e-12);
        List<String> listed = given().get("/api/runs").jsonPath().getList("runId");
        assertTrue(listed.contains(runId));
    }

    @Test
    void health_ready_upWithArchiveLoaded() {
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/q/health/ready").statusCode() == 200);

        given().get("/q/health/ready")
                .then()
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'surface-archive' }.data.state",
                        equalTo("loaded"));
    }

    private static double pendingPoints() {
        return meter("losscape_viz_points_pending");
    }

    /** The value of an untagged Prometheus series, 0 if absent. */
    static double meter(String name) {
        String text = given().get("/q/metrics").asString();
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([^ ]+)$")
                        .matcher(text);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
        }
        assertNotNull(text);
        return sum;
    }
}
