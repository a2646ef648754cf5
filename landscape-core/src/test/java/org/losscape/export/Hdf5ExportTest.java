package org.losscape.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;

/**
 * Reads the HDF5 export back with h5py, an independent HDF5 implementation (the HDF Group's C
 * library), from Debian's python3-h5py under the system interpreter. The grids are not square,
 * so that a transposed dataset shows as a wrong shape, not only as wrong values. Without
 * python3-h5py every test here fails: skipped, they would let the build pass unchecked.
 */
class Hdf5ExportTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Prints every dataset's shape, dtype and values as raw float64 bits, and the attributes. */
    private static final String DUMP = String.join("\n",
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

    /**
     * Reads a 2-D surface as the reference's plot_2D.py does ({@code X, Y = meshgrid(x, y)},
     * {@code contour(X, Y, Z)}, which needs {@code Z.shape == X.shape}), and prints every dataset
     * as (α, β, value bits) in the order of {@code meshgrid(x, y)} raveled, the order in which
     * the reference's scheduler enumerates the points of a surface.
     */
    private static final String MESHGRID = String.join("\n",
            "import json, sys, h5py, numpy",
            "f = h5py.File(sys.argv[1], 'r')",
            "X, Y = numpy.meshgrid(f['xcoordinates'][()], f['ycoordinates'][()])",
            "out = {}",
            "for k in ('train_loss', 'train_acc', 'test_loss', 'test_acc'):",
            "    Z = f[k][()]",
            "    bits = numpy.ascontiguousarray(Z, dtype='<f8').ravel().view('<i8')",
            "    out[k] = {'contourShape': Z.shape == X.shape,",
            "              'points': [[float(a), float(b), int(z)]",
            "                         for a, b, z in zip(X.ravel(), Y.ravel(), bits)]}",
            "print(json.dumps(out))");

    /** Prints each root attribute's numpy kind, dtype, shape and value (strings decoded). */
    private static final String ATTRIBUTES = String.join("\n",
            "import json, sys, h5py, numpy",
            "f = h5py.File(sys.argv[1], 'r')",
            "out = {}",
            "for k, v in f.attrs.items():",
            "    if isinstance(v, bytes):",
            "        out[k] = {'kind': 'bytes', 'value': v.decode()}",
            "    else:",
            "        a = numpy.asarray(v)",
            "        out[k] = {'kind': a.dtype.kind, 'dtype': str(a.dtype),",
            "                  'shape': list(a.shape), 'value': a.tolist()}",
            "print(json.dumps(out))");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireH5py() throws Exception {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing: install Debian's"
                + " python3-h5py, which brings it (.ci/run installs it)");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import h5py")
                .redirectErrorStream(true).start();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                PYTHON + " cannot import h5py: install Debian's python3-h5py"
                        + " (.ci/run installs it)");
    }

    @Test
    void writeHdf5_nonSquareGridWithNaN_readsBackAsRowsAlongY() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);
        Path file = dir.resolve("surface.h5");

        SurfaceExport.writeHdf5(table, Map.of("model", "resnet20", "surface", "s-42"), file);
        JsonNode dump = h5dump(file);

        assertEquals(List.of("test_acc", "test_loss", "train_acc", "train_loss", "xcoordinates",
                "ycoordinates"), texts(dump.get("keys")));
        assertDataset(dump, "xcoordinates", new long[] {4}, table.xcoordinates());
        assertDataset(dump, "ycoordinates", new long[] {3}, table.ycoordinates());
        assertDataset(dump, "train_loss", new long[] {3, 4}, rowsAlongY(table.trainLoss()));
        assertDataset(dump, "train_acc", new long[] {3, 4}, rowsAlongY(table.trainAccuracy()));
        assertDataset(dump, "test_loss", new long[] {3, 4}, rowsAlongY(table.testLoss()));
        assertDataset(dump, "test_acc", new long[] {3, 4}, rowsAlongY(table.testAccuracy()));
        assertEquals("resnet20", dump.get("attrs").get("model").asText());
        assertEquals("s-42", dump.get("attrs").get("surface").asText());
    }

    @Test
    void writeHdf5_numericAttributes_h5pyReadsNumbersNotStrings() throws Exception {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("epoch", 3);
        attributes.put("direction_seed", 1L << 40);
        attributes.put("cosine", 0.125);
        attributes.put("include_bias", true);
        attributes.put("move_statistics", false);
        attributes.put("explained_variance_ratio", new double[] {0.77, 0.123});
        attributes.put("model", "resnet20");
        attributes.put("group_id", null);
        Path file = dir.resolve("attributes.h5");

        SurfaceExport.writeHdf5(SurfaceTables.line5(), attributes, file);
        JsonNode read = python(ATTRIBUTES, file);

        assertEquals("int32", read.get("epoch").get("dtype").asText());
        assertEquals(0, read.get("epoch").get("shape").size(), "a scalar, not an array");
        assertEquals(3, read.get("epoch").get("value").asInt());
        assertEquals("int64", read.get("direction_seed").get("dtype").asText());
        assertEquals(1L << 40, read.get("direction_seed").get("value").asLong());
        assertEquals("float64", read.get("cosine").get("dtype").asText());
        assertEquals(0.125, read.get("cosine").get("value").asDouble(), 0.0);
        assertEquals(1, read.get("include_bias").get("value").asInt());
        assertEquals(0, read.get("move_statistics").get("value").asInt());
        assertEquals("u", read.get("move_statistics").get("kind").asText());
        assertEquals("float64", read.get("explained_variance_ratio").get("dtype").asText());
        assertEquals(List.of("0.77", "0.123"),
                texts(read.get("explained_variance_ratio").get("value")));
        assertEquals("bytes", read.get("model").get("kind").asText());
        assertEquals("resnet20", read.get("model").get("value").asText());
        assertFalse(read.has("group_id"), "a null attribute is left out");
    }

    @Test
    void writeHdf5_attributeOfUnsupportedType_isRejectedNamingIt() {
        Map<String, Object> attributes = Map.of("created", Instant.EPOCH);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurfaceExport.writeHdf5(SurfaceTables.line5(), attributes,
                        dir.resolve("refused.h5")));

        assertEquals("attributes.created (Instant) must be a String, Integer, Long, Double,"
                + " Boolean or double[]", e.getMessage());
    }

    @Test
    void writeHdf5_knownPoints_areAtRowJColumnI() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);
        Path file = dir.resolve("points.h5");

        SurfaceExport.writeHdf5(table, Map.of(), file);
        JsonNode dump = h5dump(file);

        // (i = 1, j = 2), α = −1/3, β = 0.5: the NaN training loss.
        assertTrue(Double.isNaN(element(dump, "train_loss", 2, 1)), "train_loss[2][1]");
        assertFalse(Double.isNaN(element(dump, "train_loss", 1, 2)), "train_loss[1][2]");
        // (i = 3, j = 0), α = 1, β = −0.5: the infinite test loss.
        assertEquals(Double.POSITIVE_INFINITY, element(dump, "test_loss", 0, 3));
        // (i = 2, j = 1), α = 1/3, β = 0: 1 + 1/9 + 0 + 0.2.
        assertEquals(1 + 1.0 / 9 + 0.2, element(dump, "train_loss", 1, 2), 1e-15);
    }

    @Test
    void writeHdf5_nonSquareGrid_matchesTheReferenceMeshgridAndContourShape() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);
        Path file = dir.resolve("meshgrid.h5");
        Map<String, double[][]> expected = Map.of(
                "train_loss", table.trainLoss(), "train_acc", table.trainAccuracy(),
                "test_loss", table.testLoss(), "test_acc", table.testAccuracy());

        SurfaceExport.writeHdf5(table, Map.of(), file);
        JsonNode read = python(MESHGRID, file);

        int nx = table.nx();
        for (Map.Entry<String, double[][]> dataset : expected.entrySet()) {
            String name = dataset.getKey();
            JsonNode points = read.get(name).get("points");
            assertTrue(read.get(name).get("contourShape").asBoolean(),
                    name + " has the shape of meshgrid(x, y)");
            assertEquals(table.nx() * table.ny(), points.size(), name + " points");
            for (int k = 0; k < points.size(); k++) {
                int i = k % nx;
                int j = k / nx;
                JsonNode point = points.get(k);
                String where = name + " meshgrid point " + k + " (i = " + i + ", j = " + j + ")";
                assertEquals(table.xcoordinates()[i], point.get(0).asDouble(), 0.0, where);
                assertEquals(table.ycoordinates()[j], point.get(1).asDouble(), 0.0, where);
                assertEquals(Double.doubleToRawLongBits(dataset.getValue()[i][j]),
                        point.get(2).asLong(), where);
            }
        }
    }

    @Test
    void writeHdf5_surfaceWithPath_addsOneEntryPerCheckpointInPathOrderWithNaNKept()
            throws Exception {
        List<TrajectoryPoint> path = SurfaceTables.path5();
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ false)
                .withTrajectory(TrajectoryTable.of(SurfaceTables.trajectory5()));
        Path file = dir.resolve("pca.h5");

        SurfaceExport.writeHdf5(table, Map.of("kind", "pca"), file);
        JsonNode dump = h5dump(file);

        assertEquals(List.of("explained_variance_ratio_", "proj_epochs", "proj_residual",
                "proj_true_acc", "proj_true_loss", "proj_xcoord", "proj_ycoord", "train_acc",
                "train_loss", "xcoordinates", "ycoordinates"), texts(dump.get("keys")));
        assertDataset(dump, "explained_variance_ratio_", new long[] {2},
                new double[] {0.8, 0.15});
        long[] perCheckpoint = {path.size()};
        assertDataset(dump, "proj_xcoord", perCheckpoint, of(path, TrajectoryPoint::x));
        assertDataset(dump, "proj_ycoord", perCheckpoint, of(path, TrajectoryPoint::y));
        assertDataset(dump, "proj_residual", perCheckpoint,
                of(path, TrajectoryPoint::residual));
        assertDataset(dump, "proj_true_loss", perCheckpoint, of(path, TrajectoryPoint::loss));
        assertDataset(dump, "proj_true_acc", perCheckpoint,
                of(path, TrajectoryPoint::accuracy));
        assertTrue(Double.isNaN(Double.longBitsToDouble(
                dump.get("proj_true_loss").get("bits").get(2).asLong())), "epoch 4's loss");
        JsonNode epochs = dump.get("proj_epochs");
        assertEquals("int32", epochs.get("dtype").asText(), "epochs are integers");
        assertEquals(List.of("5"), texts(epochs.get("shape")));
        assertArrayEquals(of(path, TrajectoryPoint::epoch), doubles(epochs.get("bits")), 0.0);
        assertDataset(dump, "train_loss", new long[] {3, 4}, rowsAlongY(table.trainLoss()));
    }

    @Test
    void writeHdf5_withoutTestValues_hasOnlyTheTrainingDatasets() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ false);
        Path file = dir.resolve("train-only.h5");

        SurfaceExport.writeHdf5(table, Map.of(), file);
        JsonNode dump = h5dump(file);

        assertEquals(List.of("train_acc", "train_loss", "xcoordinates", "ycoordinates"),
                texts(dump.get("keys")));
        assertFalse(dump.has("test_loss"));
    }

    @Test
    void writeHdf5_oneDimensional_hasOnlyXcoordinatesAndVectors() throws Exception {
        SurfaceTable table = SurfaceTables.line5();
        Path file = dir.resolve("line.h5");

        SurfaceExport.writeHdf5(table, Map.of(), file);
        JsonNode dump = h5dump(file);

        assertEquals(List.of("train_acc", "train_loss", "xcoordinates"), texts(dump.get("keys")));
        assertDataset(dump, "train_loss", new long[] {5}, flat(table.trainLoss()));
        assertDataset(dump, "train_acc", new long[] {5}, flat(table.trainAccuracy()));
    }

    @Test
    void toBytes_hdf5_isTheSameFileAsWriteHdf5() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);
        Path file = dir.resolve("from-bytes.h5");

        Files.write(file, SurfaceExport.toBytes(table, SurfaceFormat.HDF5, Map.of()));
        JsonNode dump = h5dump(file);

        assertDataset(dump, "train_loss", new long[] {3, 4}, rowsAlongY(table.trainLoss()));
    }

    private static void assertDataset(JsonNode dump, String name, long[] shape, double[] values) {
        JsonNode dataset = dump.get(name);
        long[] actualShape = new long[dataset.get("shape").size()];
        for (int k = 0; k < actualShape.length; k++) {
            actualShape[k] = dataset.get("shape").get(k).asLong();
        }
        assertArrayEquals(shape, actualShape, name + " shape");
        assertEquals("float64", dataset.get("dtype").asText(), name + " dtype");
        long[] bits = new long[dataset.get("bits").size()];
        for (int k = 0; k < bits.length; k++) {
            bits[k] = dataset.get("bits").get(k).asLong();
        }
        long[] expected = Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
        assertArrayEquals(expected, bits, name + " values (as float64 bits)");
    }

    /** Element [row][column] of a 2-D dataset in {@code dump}. */
    private static double element(JsonNode dump, String name, int row, int column) {
        JsonNode dataset = dump.get(name);
        int columns = dataset.get("shape").get(1).asInt();
        return Double.longBitsToDouble(dataset.get("bits").get(row * columns + column).asLong());
    }

    private JsonNode h5dump(Path file) throws IOException, InterruptedException {
        return python(DUMP, file);
    }

    private JsonNode python(String program, Path file) throws IOException, InterruptedException {
        Path script = dir.resolve("read.py");
        Files.writeString(script, program);
        Process process = new ProcessBuilder(PYTHON.toString(), script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "h5py timed out");
        assertEquals(0, process.exitValue(), "h5py could not read " + file);
        return new ObjectMapper().readTree(new String(output, StandardCharsets.UTF_8));
    }

    private static double[] of(List<TrajectoryPoint> path,
            ToDoubleFunction<TrajectoryPoint> value) {
        return path.stream().mapToDouble(value).toArray();
    }

    /** The float64 values whose raw bits {@code bits} holds. */
    private static double[] doubles(JsonNode bits) {
        double[] values = new double[bits.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = Double.longBitsToDouble(bits.get(k).asLong());
        }
        return values;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static double[] flat(double[][] values) {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).toArray();
    }

    /** {@code values} [nx][ny] flattened row by row of its transpose [ny][nx]. */
    private static double[] rowsAlongY(double[][] values) {
        int nx = values.length;
        int ny = values[0].length;
        double[] flat = new double[nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                flat[j * nx + i] = values[i][j];
            }
        }
        return flat;
    }
}
