package org.losscape.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;
import org.losscape.messages.Json;
import org.losscape.messages.PointValue;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SurfaceExportTest {

    @Test
    void vtp_grid4x3WithNaN_isPolyDataWithQuadsAroundTheHole() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ false);

        Element piece = vtpPiece(table);

        // 3 × 2 quads, of which the two touching (1, 2) are left out.
        assertEquals("12", piece.getAttribute("NumberOfPoints"));
        assertEquals("4", piece.getAttribute("NumberOfPolys"));
        assertEquals("0", piece.getAttribute("NumberOfLines"));
        double[] points = numbers(dataArray(piece, "Points", null));
        assertEquals(36, points.length);
        long[] connectivity = integers(dataArray(piece, "Polys", "connectivity"));
        long[] offsets = integers(dataArray(piece, "Polys", "offsets"));
        assertEquals(16, connectivity.length);
        assertArrayEquals(new long[] {4, 8, 12, 16}, offsets);
        for (long point : connectivity) {
            assertTrue(point != SurfaceTables.NAN_INDEX, "quad uses the NaN point");
            assertTrue(point >= 0 && point < 12);
        }
        assertArrayEquals(new long[] {0, 3, 4, 1}, Arrays.copyOf(connectivity, 4));
    }

    @Test
    void vtp_grid4x3_pointsAreAlphaBetaLossInIndexOrder() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ false);

        Element piece = vtpPiece(table);

        double[] points = numbers(dataArray(piece, "Points", null));
        double[] loss = numbers(dataArray(piece, "PointData", "loss"));
        long[] valid = integers(dataArray(piece, "PointData", "valid"));
        double largest = 0;
        for (int k = 0; k < 12; k++) {
            int i = k / 3;
            int j = k % 3;
            assertEquals(table.xcoordinates()[i], points[3 * k], 0.0);
            assertEquals(table.ycoordinates()[j], points[3 * k + 1], 0.0);
            assertEquals(loss[k], points[3 * k + 2], 0.0);
            if (k != SurfaceTables.NAN_INDEX) {
                assertEquals(table.trainLoss()[i][j], loss[k], 0.0);
                assertEquals(1, valid[k]);
                largest = Math.max(largest, loss[k]);
            }
        }
        assertEquals(0, valid[SurfaceTables.NAN_INDEX]);
        assertEquals(largest, loss[SurfaceTables.NAN_INDEX], 0.0);
        assertEquals(12, numbers(dataArray(piece, "PointData", "accuracy")).length);
    }

    @Test
    void vtp_withTestValues_hasTheirArraysAndMarksTheInfinitePointInvalid() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);

        Element piece = vtpPiece(table);

        double[] testLoss = numbers(dataArray(piece, "PointData", "test_loss"));
        long[] valid = integers(dataArray(piece, "PointData", "valid"));
        assertEquals(12, testLoss.length);
        assertEquals(12, numbers(dataArray(piece, "PointData", "test_accuracy")).length);
        assertEquals(0, valid[3 * 3]);
        assertTrue(Arrays.stream(testLoss).allMatch(Double::isFinite));
        // Corner (3, 0) touches one quad, (1, 2) two: 6 − 3 remain.
        assertEquals("3", piece.getAttribute("NumberOfPolys"));
    }

    @Test
    void vtp_oneDimensional_isLineSegmentsSkippingTheNaN() throws Exception {
        Element piece = vtpPiece(SurfaceTables.line5());

        assertEquals("5", piece.getAttribute("NumberOfPoints"));
        assertEquals("0", piece.getAttribute("NumberOfPolys"));
        assertEquals("2", piece.getAttribute("NumberOfLines"));
        assertArrayEquals(new long[] {0, 1, 1, 2},
                integers(dataArray(piece, "Lines", "connectivity")));
        assertArrayEquals(new long[] {2, 4}, integers(dataArray(piece, "Lines", "offsets")));
    }

    @Test
    void csv_grid4x3_hasOneRowPerPointInIndexOrderWithNaNKept() {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);

        String csv = text(table, SurfaceFormat.CSV);

        String[] lines = csv.split("\n");
        assertEquals(13, lines.length);
        assertEquals("index,i,j,alpha,beta,loss,accuracy,test_loss,test_accuracy", lines[0]);
        for (int k = 0; k < 12; k++) {
            String[] cells = lines[k + 1].split(",");
            int i = k / 3;
            int j = k % 3;
            assertEquals(9, cells.length);
            assertEquals(k, Integer.parseInt(cells[0]));
            assertEquals(i, Integer.parseInt(cells[1]));
            assertEquals(j, Integer.parseInt(cells[2]));
            assertEquals(table.xcoordinates()[i], Double.parseDouble(cells[3]), 0.0);
            assertEquals(table.ycoordinates()[j], Double.parseDouble(cells[4]), 0.0);
            assertEquals(table.trainLoss()[i][j], Double.parseDouble(cells[5]), 0.0);
            assertEquals(table.testAccuracy()[i][j], Double.parseDouble(cells[8]), 0.0);
        }
        assertEquals("NaN", lines[1 + SurfaceTables.NAN_INDEX].split(",")[5]);
        assertEquals("Infinity", lines[1 + 9].split(",")[7]);
    }

    @Test
    void csv_oneDimensional_hasBetaZeroAndNoTestColumns() {
        String csv = text(SurfaceTables.line5(), SurfaceFormat.CSV);

        String[] lines = csv.split("\n");
        assertEquals("index,i,j,alpha,beta,loss,accuracy", lines[0]);
        assertEquals(6, lines.length);
        assertEquals("4,4,0,1.0,0.0,1.5,0.7000000000000001", lines[5]);
    }

    @Test
    void json_grid4x3_hasTheHdf5KeysAndNonFiniteAsStrings() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ true);

        JsonNode json = Json.mapper().readTree(
                SurfaceExport.toBytes(table, SurfaceFormat.JSON, Map.of("surface", "s-1")));

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("xcoordinates", "ycoordinates", "train_loss", "train_acc",
                "test_loss", "test_acc", "attributes"), keys);
        assertEquals(4, json.get("train_loss").size());
        assertEquals(3, json.get("train_loss").get(0).size());
        assertEquals("NaN", json.get("train_loss").get(1).get(2).textValue());
        assertEquals("Infinity", json.get("test_loss").get(3).get(0).textValue());
        assertEquals(table.trainLoss()[2][1], json.get("train_loss").get(2).get(1).asDouble(),
                0.0);
        assertEquals("s-1", json.get("attributes").get("surface").asText());
    }

    @Test
    void json_numericAttributes_stayNumbers() throws Exception {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("epoch", 3);
        attributes.put("direction_seed", 7L);
        attributes.put("include_bias", false);
        attributes.put("explained_variance_ratio", new double[] {0.77, 0.123});

        JsonNode json = Json.mapper().readTree(
                SurfaceExport.toBytes(SurfaceTables.line5(), SurfaceFormat.JSON, attributes));

        JsonNode read = json.get("attributes");
        assertTrue(read.get("epoch").isInt(), read.toString());
        assertEquals(3, read.get("epoch").intValue());
        assertTrue(read.get("direction_seed").isIntegralNumber(), read.toString());
        assertTrue(read.get("include_bias").isBoolean(), read.toString());
        assertEquals(0.123, read.get("explained_variance_ratio").get(1).doubleValue(), 0.0);
    }

    @Test
    void json_oneDimensional_hasVectorsAndNoYcoordinates() throws Exception {
        JsonNode json = Json.mapper().readTree(
                SurfaceExport.toBytes(SurfaceTables.line5(), SurfaceFormat.JSON, Map.of()));

        assertFalse(json.has("ycoordinates"));
        assertFalse(json.has("attributes"));
        assertEquals(5, json.get("train_loss").size());
        assertTrue(json.get("train_loss").get(0).isNumber());
    }

    @Test
    void json_tableWithTrajectory_hasTheSurfaceKeysOnly() throws Exception {
        SurfaceTable table = SurfaceTables.grid4x3(/* withTest= */ false)
                .withTrajectory(TrajectoryTable.of(SurfaceTables.trajectory5()));

        JsonNode json = Json.mapper().readTree(
                SurfaceExport.toBytes(table, SurfaceFormat.JSON, Map.of()));

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("xcoordinates", "ycoordinates", "train_loss", "train_acc"), keys);
    }

    @Test
    void write_leavesTheCallersStreamOpen() {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("stream closed by the export");
            }
        };

        for (SurfaceFormat format : SurfaceFormat.values()) {
            SurfaceExport.write(SurfaceTables.line5(), format, Map.of(), out);
        }

        assertTrue(out.size() > 0);
    }

    @Test
    void table_ofGridAndPoints_placesEachPointAndLeavesTheMissingNaN() {
        GridSpec grid = new GridSpec(new Axis(-1, 1, 3), new Axis(0, 2, 2));
        List<PointValue> train = List.of(
                new PointValue(5, 2, 1, 1, 2, 0.25, 0.5),
                new PointValue(0, 0, 0, -1, 0, Double.POSITIVE_INFINITY, 0.1));

        SurfaceTable table = SurfaceTable.of(grid, train, null);

        assertArrayEquals(new double[] {-1, 0, 1}, table.xcoordinates(), 0.0);
        assertArrayEquals(new double[] {0, 2}, table.ycoordinates(), 0.0);
        assertEquals(0.25, table.trainLoss()[2][1], 0.0);
        assertEquals(Double.POSITIVE_INFINITY, table.trainLoss()[0][0], 0.0);
        assertTrue(Double.isNaN(table.trainLoss()[1][0]));
        assertTrue(Double.isNaN(table.trainAccuracy()[1][0]));
        assertFalse(table.hasTest());
    }

    @Test
    void table_ofGridWithOneYPoint_isOneDimensional() {
        GridSpec grid = new GridSpec(new Axis(-1, 1, 5), new Axis(0, 0, 1));

        SurfaceTable table = SurfaceTable.of(grid, List.of(), List.of());

        assertTrue(table.isOneDimensional());
        assertEquals(1, table.ny());
        assertTrue(table.hasTest());
    }

    @Test
    void table_pointOutsideTheGrid_isRejectedNamingIt() {
        GridSpec grid = new GridSpec(new Axis(-1, 1, 3), new Axis(0, 2, 2));
        List<PointValue> train = List.of(new PointValue(6, 3, 0, 2, 0, 1, 1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurfaceTable.of(grid, train, null));

        assertEquals("train[0].index (6) must be in [0, 5]", e.getMessage());
    }

    @Test
    void table_rowOfWrongLength_isRejectedNamingIt() {
        double[][] loss = {{1, 2, 3}, {4, 5}};

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurfaceTable.of(new double[] {0, 1}, new double[] {0, 1, 2}, loss, loss));

        assertEquals("trainLoss[1].length (2) must equal ny (3)", e.getMessage());
    }

    @Test
    void table_testLossWithoutAccuracy_isRejected() {
        double[][] values = {{1}};

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SurfaceTable(new double[] {0}, null, values, values, values, null));

        assertTrue(e.getMessage().startsWith("testLoss and testAccuracy"), e.getMessage());
    }

    @Test
    void table_nonFiniteCoordinate_isRejectedNamingIt() {
        double[][] values = {{1}, {2}};

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurfaceTable.of(new double[] {0, Double.NaN}, null, values, values));

        assertEquals("xcoordinates[1]: must be finite, got NaN", e.getMessage());
    }

    @Test
    void trajectory_ofPath_keepsItsOrderAndNaN() {
        TrajectoryTable path = TrajectoryTable.of(SurfaceTables.trajectory5());

        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, path.epochs());
        assertArrayEquals(new double[] {-1.75, -0.8, -0.3, 0.2, 0}, path.x(), 0.0);
        assertArrayEquals(new double[] {0.625, 0.3, -0.1, 0.05, 0}, path.y(), 0.0);
        assertArrayEquals(new double[] {0.5, 0.25, 0.125, 0.0625, 0}, path.residual(), 0.0);
        assertEquals(0.7, path.loss()[3], 0.0);
        assertTrue(Double.isNaN(path.loss()[2]));
        assertTrue(Double.isNaN(path.accuracy()[2]));
        assertEquals(0.81, path.accuracy()[4], 0.0);
        assertArrayEquals(new double[] {0.8, 0.15}, path.explainedVariance(), 0.0);
    }

    @Test
    void trajectory_columnOfWrongLength_isRejectedNamingIt() {
        double[] five = new double[5];

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrajectoryTable(
                        new double[2], new int[5], five, five, new double[4], five, five));

        assertEquals("residual.length (4) must equal epochs.length (5)", e.getMessage());
    }

    @Test
    void trajectory_withoutCheckpoints_isRejected() {
        double[] none = new double[0];

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrajectoryTable(new double[2], new int[0], none, none, none, none, none));

        assertEquals("epochs: a path needs at least 1 checkpoint, got none", e.getMessage());
    }

    @Test
    void format_parse_acceptsNamesAndExtensionsAndRejectsOthers() {
        assertEquals(SurfaceFormat.HDF5, SurfaceFormat.parse("h5"));
        assertEquals(SurfaceFormat.HDF5, SurfaceFormat.parse("HDF5"));
        assertEquals(SurfaceFormat.VTP, SurfaceFormat.parse(" vtp "));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurfaceFormat.parse("xlsx"));

        assertEquals("format (xlsx) must be one of h5 (or hdf5), vtp, csv, json",
                e.getMessage());
    }

    @Test
    void format_missing_sameMessageAsAnUnknownName() {
        for (String missing : new String[] {null, "", "  "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SurfaceFormat.parse(missing));

            assertEquals("format (none given) must be one of h5 (or hdf5), vtp, csv, json",
                    e.getMessage(), "for " + missing);
        }
    }

    private static String text(SurfaceTable table, SurfaceFormat format) {
        return new String(SurfaceExport.toBytes(table, format, Map.of()), StandardCharsets.UTF_8);
    }

    private static Element vtpPiece(SurfaceTable table) throws Exception {
        byte[] bytes = SurfaceExport.toBytes(table, SurfaceFormat.VTP, Map.of());
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(bytes));
        Element root = document.getDocumentElement();
        assertEquals("VTKFile", root.getTagName());
        assertEquals("PolyData", root.getAttribute("type"));
        NodeList pieces = root.getElementsByTagName("Piece");
        assertEquals(1, pieces.getLength());
        return (Element) pieces.item(0);
    }

    /** The DataArray of that name under the child element {@code section} of the piece. */
    private static String dataArray(Element piece, String section, String name) {
        Element parent = (Element) piece.getElementsByTagName(section).item(0);
        NodeList arrays = parent.getElementsByTagName("DataArray");
        for (int k = 0; k < arrays.getLength(); k++) {
            Element array = (Element) arrays.item(k);
            if (name == null || name.equals(array.getAttribute("Name"))) {
                assertEquals("ascii", array.getAttribute("format"));
                return array.getTextContent();
            }
        }
        throw new AssertionError("no DataArray " + name + " in " + section);
    }

    private static double[] numbers(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new double[0];
        }
        return Arrays.stream(trimmed.split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }

    private static long[] integers(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new long[0];
        }
        return Arrays.stream(trimmed.split("\\s+")).mapToLong(Long::parseLong).toArray();
    }
}
