package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losscape.messages.Axis;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.GridSpec;
import org.losscape.messages.Json;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.testsupport.InfrastructureResource;

/**
 * The views beyond one random plane, against a real broker: groups of surfaces, the HDF5 export
 * of an interpolation with its test-split twin, and the trajectory of a PCA surface, served and
 * exported.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class GroupApiTest {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Values go through JSON text and back: Java's shortest round-trip form, exact. */
    private static final double EXACT = 0;

    /** Bilinear interpolation of a bilinear function: a few ulps of values near 1. */
    private static final double INTERPOLATION_TOLERANCE = 1e-12;

    /** Prints each dataset's shape, dtype and values as float64 bits, and the attributes. */
    private static final String H5_DUMP = String.join("\n",
            "import json, sys, h5py, numpy",
            "f = h5py.File(sys.argv[1], 'r')",
            "out = {'keys': sorted(f.keys()), 'attrs': {}}",
            "for k, v in f.attrs.items():",
            "    out['attrs'][k] = v.decode() if isinstance(v, bytes) else str(v)",
            "for k in f.keys():",
            "    d = f[k][()]",
            "    bits = numpy.ascontiguousarray(d, dtype='<f8').ravel().view('<i8')",
            "    out[k] = {'shape': list(d.shape), 'dtype': str(d.dtype),",
            "              'bits': [int(b) for b in bits]}",
            "print(json.dumps(out))");

    private static Publisher publisher;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        publisher = new Publisher();
    }

    @AfterAll
    static void disconnect() {
        publisher.close();
    }

    /** Training loss of the interpolation fixture: a valley at α = 0 and a wider one at 1. */
    static double trainLoss(double alpha) {
        return 0.05 + 2 * alpha * alpha * (alpha - 1) * (alpha - 1) + 0.02 * alpha;
    }

    static double testLoss(double alpha) {
        return trainLoss(alpha) + 0.3;
    }

    static double trainAccuracy(double alpha) {
        return Math.max(0, 0.99 - 0.8 * alpha * alpha * (alpha - 1) * (alpha - 1));
    }

    static double testAccuracy(double alpha) {
        return trainAccuracy(alpha) - 0.1;
    }

    /**
     * Publishes an interpolation between two runs as the projection service does: the test
     * curve planned and delivered first (the order must not matter), then the train curve.
     */
    private static List<SurfacePlanned> publishInterpolation(String groupId, int points) {
        SurfacePlanned train =
                Fixtures.interpolation(groupId + "-train", groupId, "small-batch",
                        "large-batch", "train", points);
        SurfacePlanned test =
                Fixtures.interpolation(groupId + "-test", groupId, "small-batch",
                        "large-batch", "test", points);
        publisher.planned(test);
        Fixtures.allChunks(test, 4, (a, b) -> testLoss(a), (a, b) -> testAccuracy(a))
                .forEach(publisher::values);
        publisher.planned(train);
        Fixtures.allChunks(train, 4, (a, b) -> trainLoss(a), (a, b) -> trainAccuracy(a))
                .forEach(publisher::values);
        return List.of(train, test);
    }

    private static void awaitGroupComplete(String groupId, int members) {
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> {
                    var response = given().get("/api/groups/" + groupId);
                    return response.statusCode() == 200
                            && response.jsonPath().getList("surfaces").size() == members
                            && "complete".equals(response.jsonPath().getString("state"));
                });
    }

    @Test
    void group_interpolationTrainAndTest_trainFirstWithKindsValuesAndBothRuns() throws Exception {
        String groupId = Fixtures.newId("interp");
        List<SurfacePlanned> plans = publishInterpolation(groupId, 9);
        awaitGroupComplete(groupId, 2);

        JsonNode group =
                Json.mapper().readTree(given().get("/api/groups/" + groupId).asString());

        assertEquals("interpolation", group.get("kind").asText());
        assertEquals(18, group.get("pointsDone").asInt());
        assertEquals(18, group.get("pointsTotal").asInt());
        JsonNode members = group.get("surfaces");
        assertEquals(plans.get(0).surfaceId(), members.get(0).get("surface").get("surfaceId")
                .asText(), "the training split first, although planned second");
        assertEquals(plans.get(1).surfaceId(), members.get(1).get("surface").get("surfaceId")
                .asText());
        for (int m = 0; m < 2; m++) {
            JsonNode surface = members.get(m).get("surface");
            JsonNode values = members.get(m).get("values");
            assertEquals("interpolation", surface.get("kind").asText());
            assertEquals(groupId, surface.get("groupId").asText());
            assertEquals("small-batch", surface.get("runId").asText());
            assertEquals("large-batch", surface.get("interpolation").get("runId").asText());
            assertEquals(9, values.get("xcoordinates").size());
            for (int i = 0; i < 9; i++) {
                double alpha = plans.get(m).grid().x().coordinate(i);
                double expected = m == 0 ? trainLoss(alpha) : testLoss(alpha);
                assertEquals(expected, values.get("loss").get(i).get(0).asDouble(), EXACT);
            }
        }
        assertEquals(-0.5, members.get(0).get("values").get("xcoordinates").get(0).asDouble());
        assertEquals(1.5, members.get(0).get("values").get("xcoordinates").get(8).asDouble());
    }

    @Test
    void groups_listAndSurfaceFilter_showTheGroupWithItsMembersInOrder() {
        String groupId = Fixtures.newId("lines");
        for (long seed = 3; seed >= 1; seed--) {
            SurfacePlanned line = Fixtures.line(groupId + "-s" + seed, groupId, seed, 5);
            publisher.planned(line);
            publisher.values(Fixtures.chunk(line, 0, 0, 5));
        }
        awaitGroupComplete(groupId, 3);

        JsonPath list = given().get("/api/groups").jsonPath();
        String entry = "find { it.groupId == '" + groupId + "' }";
        assertEquals("line", list.getString(entry + ".kind"));
        assertEquals(
                List.of(groupId + "-s1", groupId + "-s2", groupId + "-s3"),
                list.getList(entry + ".surfaceIds"), "in plan order (seed order here)");
        assertEquals(15, list.getInt(entry + ".pointsDone"));
        assertEquals("complete", list.getString(entry + ".state"));
        List<String> filtered =
                given().get("/api/surfaces?groupId=" + groupId).jsonPath().getList("surfaceId");
        assertEquals(3, filtered.size());
    }

    @Test
    void group_unknownOrMalformed_404And400NamingGroupId() {
        given().get("/api/groups/no-such-group")
                .then()
                .statusCode(404)
                .body("type", equalTo("not-found"))
                .body("field", equalTo("groupId"))
                .body("message", containsString("no-such-group"));
        given().urlEncodingEnabled(false)
                .get("/api/groups/bad%20group")
                .then()
                .statusCode(400)
                .body("field", equalTo("groupId"));
    }

    @Test
    void export_interpolationEitherSplit_hdf5CarriesTrainAndTestValues() throws Exception {
        String groupId = Fixtures.newId("h5");
        List<SurfacePlanned> plans = publishInterpolation(groupId, 7);
        awaitGroupComplete(groupId, 2);
        double[] alphas = new double[7];
        double[][] trainLoss = new double[7][1];
        double[][] testLoss = new double[7][1];
        double[][] testAccuracy = new double[7][1];
        for (int i = 0; i < 7; i++) {
            alphas[i] = plans.get(0).grid().x().coordinate(i);
            trainLoss[i][0] = trainLoss(alphas[i]);
            testLoss[i][0] = testLoss(alphas[i]);
            testAccuracy[i][0] = testAccuracy(alphas[i]);
        }

        for (SurfacePlanned asked : plans) {
            Path file = dir.resolve(asked.surfaceId() + ".h5");
            Files.write(file, export(asked.surfaceId(), "h5"));

            try (HdfFile hdf = new HdfFile(file)) {
                assertArrayEquals(alphas,
                        (double[]) hdf.getDatasetByPath("xcoordinates").getData(), EXACT);
                assertArrayEquals(column(trainLoss),
                        (double[]) hdf.getDatasetByPath("train_loss").getData(), EXACT);
                assertArrayEquals(column(testLoss),
                        (double[]) hdf.getDatasetByPath("test_loss").getData(), EXACT);
                assertArrayEquals(column(testAccuracy),
                        (double[]) hdf.getDatasetByPath("test_acc").getData(), EXACT);
                assertEquals(plans.get(1).surfaceId(),
                        hdf.getAttribute("test_surface_id").getData());
            }
            JsonNode dump = h5py(file);
            assertEquals(List.of("test_acc", "test_loss", "train_acc", "train_loss",
                    "xcoordinates"), texts(dump.get("keys")));
            assertDataset(dump, "test_loss", 7, column(testLoss));
            assertDataset(dump, "train_loss", 7, column(trainLoss));
            assertEquals("interpolation", dump.get("attrs").get("kind").asText());
            assertEquals("large-batch", dump.get("attrs").get("interpolation_run_id").asText());
        }
    }

    @Test
    void export_lineWithoutTwin_hasNoTestOrPathDatasets() throws Exception {
        String groupId = Fixtures.newId("lone");
        SurfacePlanned line = Fixtures.line(groupId + "-s1", groupId, 1, 5);
        publisher.planned(line);
        publisher.values(Fixtures.chunk(line, 0, 0, 5));
        awaitGroupComplete(groupId, 1);
        Path file = dir.resolve("line.h5");

        Files.write(file, export(line.surfaceId(), "h5"));

        try (HdfFile hdf = new HdfFile(file)) {
            List<String> names = new ArrayList<>(hdf.getChildren().keySet());
            assertFalse(names.contains("test_loss"), names.toString());
            assertFalse(names.contains("proj_xcoord"), names.toString());
            assertEquals(Fixtures.lossOf(4),
                    ((double[]) hdf.getDatasetByPath("train_loss").getData())[4], EXACT);
        }
    }

    @Test
    void trajectory_pcaSurface_pathWithBilinearSurfaceValuesAndExplainedVariance()
            throws Exception {
        // α in [-3, 1] over 9 points (step 0.5), β in [-1, 1] over 5: not square.
        GridSpec grid = new GridSpec(new Axis(-3, 1, 9), new Axis(-1, 1, 5));
        List<TrajectoryPoint> path =
                List.of(
                        new TrajectoryPoint(0, -2.7, 0.8, 0.6, 2.31, 0.1),
                        new TrajectoryPoint(1, -1.3, -0.35, 0.2, 1.2, 0.55),
                        new TrajectoryPoint(2, -0.4, 0.1, 0.05, 0.6, 0.8),
                        new TrajectoryPoint(3, 1.2, 0, 0.01, 0.4, 0.88),
                        new TrajectoryPoint(4, 0, 0, 0, 0.35, 0.9));
        SurfacePlanned pca =
                Fixtures.pca(Fixtures.newId("pca"), "run-pca", grid, List.of(0.77, 0.123), path);
        Fixtures.PointFunction loss = (a, b) -> 0.35 + 0.2 * a + 0.3 * b - 0.1 * a * b;
        Fixtures.PointFunction accuracy = (a, b) -> 0.9 - 0.05 * a * b;
        List<ChunkValues> chunks = Fixtures.allChunks(pca, 15, loss, accuracy);
        publisher.planned(pca);
        publisher.values(chunks.get(0)); // rows α = -3, -2.5, -2: epoch 0's cell only
        String url = "/api/surfaces/" + pca.surfaceId() + "/trajectory";
        await().atMost(KAFKA_TIMEOUT).until(() -> given().get(url).statusCode() == 200
                && !json(url).at("/points/0/surfaceLoss").isNull());

        JsonNode early = json(url);
        chunks.subList(1, chunks.size()).forEach(publisher::values);
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> !json(url).at("/points/4/surfaceLoss").isNull());
        JsonNode full = json(url);

        assertTrue(early.at("/points/1/surfaceLoss").isNull(), "epoch 1's cell had not arrived");
        assertEquals(0.77, full.at("/explainedVariance/0").asDouble(), EXACT);
        assertEquals(0.123, full.at("/explainedVariance/1").asDouble(), EXACT);
        assertEquals(5, full.get("points").size());
        for (int k = 0; k < 5; k++) {
            TrajectoryPoint p = path.get(k);
            JsonNode point = full.get("points").get(k);
            assertEquals(p.epoch(), point.get("epoch").asInt());
            assertEquals(p.x(), point.get("x").asDouble(), EXACT);
            assertEquals(p.residual(), point.get("residual").asDouble(), EXACT);
            assertEquals(p.loss(), point.get("loss").asDouble(), EXACT);
            if (p.x() > 1) {
                assertFalse(point.get("onGrid").asBoolean());
                assertTrue(point.get("surfaceLoss").isNull(), "α = 1.2 lies beyond α max = 1");
            } else {
                assertTrue(point.get("onGrid").asBoolean());
                assertEquals(loss.at(p.x(), p.y()), point.get("surfaceLoss").asDouble(),
                        INTERPOLATION_TOLERANCE, "epoch " + p.epoch());
                assertEquals(accuracy.at(p.x(), p.y()), point.get("surfaceAccuracy").asDouble(),
                        INTERPOLATION_TOLERANCE, "epoch " + p.epoch());
            }
        }
        JsonPath summary = given().get("/api/surfaces/" + pca.surfaceId()).jsonPath();
        assertEquals("pca", summary.getString("kind"));
        assertEquals(5, summary.getList("trajectory.path").size());
        assertNull(summary.get("interpolation"));
    }

    @Test
    void export_pcaSurface_hdf5CarriesThePlannedPathWithNaNKept() throws Exception {
        GridSpec grid = new GridSpec(new Axis(-3, 1, 5), new Axis(-1, 1, 3));
        List<TrajectoryPoint> path =
                List.of(
                        new TrajectoryPoint(0, -2.7, 0.8, 0.6, 2.31, 0.1),
                        new TrajectoryPoint(3, -1.3, -0.35, 0.2, Double.NaN, Double.NaN),
                        new TrajectoryPoint(6, 1.2, 0.05, 0.01, 0.4, 0.88),
                        new TrajectoryPoint(9, 0, 0, 0, 0.35, 0.9));
        SurfacePlanned pca = Fixtures.pca(
                Fixtures.newId("pca-h5"), "run-pca-h5", grid, List.of(0.77, 0.123), path);
        publisher.planned(pca);
        Fixtures.allChunks(pca, 15, (a, b) -> 0.35 + a * a + b * b, (a, b) -> 0.9)
                .forEach(publisher::values);
        String url = "/api/surfaces/" + pca.surfaceId();
        await().atMost(KAFKA_TIMEOUT).until(() -> given().get(url).statusCode() == 200
                && "complete".equals(given().get(url).jsonPath().getString("state")));
        Path file = dir.resolve("pca.h5");

        Files.write(file, export(pca.surfaceId(), "h5"));

        double[] x = path.stream().mapToDouble(TrajectoryPoint::x).toArray();
        double[] y = path.stream().mapToDouble(TrajectoryPoint::y).toArray();
        double[] residual = path.stream().mapToDouble(TrajectoryPoint::residual).toArray();
        double[] loss = path.stream().mapToDouble(TrajectoryPoint::loss).toArray();
        double[] accuracy = path.stream().mapToDouble(TrajectoryPoint::accuracy).toArray();
        try (HdfFile hdf = new HdfFile(file)) {
            assertArrayEquals(new int[] {0, 3, 6, 9},
                    (int[]) hdf.getDatasetByPath("proj_epochs").getData());
            assertArrayEquals(x, (double[]) hdf.getDatasetByPath("proj_xcoord").getData(),
                    EXACT);
            assertArrayEquals(y, (double[]) hdf.getDatasetByPath("proj_ycoord").getData(),
                    EXACT);
            assertArrayEquals(residual,
                    (double[]) hdf.getDatasetByPath("proj_residual").getData(), EXACT);
            assertArrayEquals(loss,
                    (double[]) hdf.getDatasetByPath("proj_true_loss").getData(), EXACT);
            assertArrayEquals(accuracy,
                    (double[]) hdf.getDatasetByPath("proj_true_acc").getData(), EXACT);
        }
        JsonNode dump = h5py(file);
        assertEquals(List.of("explained_variance_ratio_", "proj_epochs", "proj_residual",
                "proj_true_acc", "proj_true_loss", "proj_xcoord", "proj_ycoord", "train_acc",
                "train_loss", "xcoordinates", "ycoordinates"), texts(dump.get("keys")));
        assertDataset(dump, "explained_variance_ratio_", 2, new double[] {0.77, 0.123});
        assertDataset(dump, "proj_xcoord", 4, x);
        assertDataset(dump, "proj_ycoord", 4, y);
        assertDataset(dump, "proj_true_loss", 4, loss);
        assertEquals("float64", dump.get("proj_xcoord").get("dtype").asText());
        assertEquals("int32", dump.get("proj_epochs").get("dtype").asText());
        assertEquals(List.of("3", "5"), texts(dump.get("train_loss").get("shape")));
        assertEquals("pca", dump.get("attrs").get("kind").asText());
    }

    @Test
    void trajectory_planeSurfaceOrUnknown_404NamingSurfaceId() {
        SurfacePlanned plane = Fixtures.plan(Fixtures.newId("plane"), 2, 2);
        publisher.planned(plane);
        await().atMost(KAFKA_TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + plane.surfaceId()).statusCode()
                        == 200);

        given().get("/api/surfaces/" + plane.surfaceId() + "/trajectory")
                .then()
                .statusCode(404)
                .body("field", equalTo("surfaceId"))
                .body("message", containsString("kind plane"));
        given().get("/api/surfaces/no-such-surface/trajectory").then().statusCode(404);
    }

    private static JsonNode json(String url) throws Exception {
        return Json.mapper().readTree(given().get(url).asString());
    }

    private static byte[] export(String surfaceId, String format) {
        return given().get("/api/surfaces/" + surfaceId + "/export?format=" + format)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    /**
     * The dump of {@code file} by h5py. Fails without Debian's python3-h5py: leaving the file
     * to jHDF alone would let the build pass with half the check.
     */
    private JsonNode h5py(Path file) throws Exception {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing: install Debian's"
                + " python3-h5py, which brings it (.ci/run installs it)");
        Path script = dir.resolve("dump.py");
        Files.writeString(script, H5_DUMP);
        Process process =
                new ProcessBuilder(PYTHON.toString(), script.toString(), file.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "h5py dump timed out");
        assertTrue(process.exitValue() == 0 || h5pyInstalled(), PYTHON + " cannot import h5py:"
                + " install Debian's python3-h5py (.ci/run installs it)");
        assertEquals(0, process.exitValue(), "h5py could not read " + file);
        return Json.mapper().readTree(new String(output, StandardCharsets.UTF_8));
    }

    private static boolean h5pyInstalled() throws Exception {
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import h5py").start();
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private static void assertDataset(JsonNode dump, String name, int length, double[] values) {
        JsonNode dataset = dump.get(name);
        assertEquals(1, dataset.get("shape").size(), name + " is a vector");
        assertEquals(length, dataset.get("shape").get(0).asInt(), name + " length");
        for (int k = 0; k < values.length; k++) {
            assertEquals(Double.doubleToRawLongBits(values[k]),
                    dataset.get("bits").get(k).asLong(), name + "[" + k + "]");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static double[] column(double[][] values) {
        double[] column = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            column[i] = values[i][0];
        }
        return column;
    }
}
