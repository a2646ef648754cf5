package org.losscape.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the HDF5 export back with h5py, an independent HDF5 implementation (the HDF Group's C
 * library), from Debian's python3-h5py under the system interpreter.
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

    @TempDir
    Path dir;

    @BeforeAll
    static void requireH5py() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is not installed");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import h5py")
                .redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3-h5py is not installed (apt-get install python3-h5py)");
    }

    @Test
    void writeHdf5_nonSquareGridWithNaN_readsBackInTheReferenceLayout() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);
        Path file = dir.resolve("surface.h5");

        SurfaceExport.writeHdf5(table, Map.of("model", "resnet20", "surface", "s-42"), file);
        JsonNode dump = h5dump(file);

        assertEquals(List.of("test_acc", "test_loss", "train_acc", "train_loss", "xcoordinates",
                "ycoordinates"), texts(dump.get("keys")));
        assertDataset(dump, "xcoordinates", new long[] {4}, table.xcoordinates());
        assertDataset(dump, "ycoordinates", new long[] {3}, table.ycoordinates());
        assertDataset(dump, "train_loss", new long[] {4, 3}, flat(table.trainLoss()));
        assertDataset(dump, "train_acc", new long[] {4, 3}, flat(table.trainAccuracy()));
        assertDataset(dump, "test_loss", new long[] {4, 3}, flat(table.testLoss()));
        assertDataset(dump, "test_acc", new long[] {4, 3}, flat(table.testAccuracy()));
        assertEquals("resnet20", dump.get("attrs").get("model").asText());
        assertEquals("s-42", dump.get("attrs").get("surface").asText());
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

        assertDataset(dump, "train_loss", new long[] {4, 3}, flat(table.trainLoss()));
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

    private JsonNode h5dump(Path file) throws IOException, InterruptedException {
        Path script = dir.resolve("dump.py");
        Files.writeString(script, DUMP);
        Process process = new ProcessBuilder(PYTHON.toString(), script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "h5py dump timed out");
        assertEquals(0, process.exitValue(), "h5py could not read " + file);
        return new ObjectMapper().readTree(new String(output, StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static double[] flat(double[][] values) {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).toArray();
    }
}
