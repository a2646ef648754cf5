package org.losscape.export;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a surface as a VTK XML PolyData file (.vtp) for ParaView: one point per grid point at
 * (α, β, training loss), in grid-index order, joined by quads (2-D) or line segments (1-D),
 * with point-data arrays {@code loss}, {@code accuracy}, {@code test_loss},
 * {@code test_accuracy} (when present) and {@code valid}. All arrays are ASCII.
 *
 * <p><b>Non-finite values.</b> VTK's ASCII reader parses numbers with C++ streams, which reject
 * {@code nan} and {@code inf}, so those cannot be written as they are. A point is valid when all
 * its values are finite. An invalid point keeps its place (so that point k is still grid index
 * k), its height and each of its non-finite values become the largest finite value of that
 * array (0 when there is none), its {@code valid} entry is 0, and every quad or segment that
 * touches it is left out: a diverged region shows as a hole, and a Threshold filter on
 * {@code valid} hides the stand-in points. The exact values stay in the HDF5, CSV and JSON
 * exports.
 */
final class VtpWriter {

    private static final int VALUES_PER_LINE = 6;

    private VtpWriter() {}

    static void write(SurfaceTable table, PrintWriter out) {
        int nx = table.nx();
        int ny = table.ny();
        int count = nx * ny;

        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put("loss", flat(table.trainLoss(), ny));
        arrays.put("accuracy", flat(table.trainAccuracy(), ny));
        if (table.hasTest()) {
            arrays.put("test_loss", flat(table.testLoss(), ny));
            arrays.put("test_accuracy", flat(table.testAccuracy(), ny));
        }
        boolean[] valid = new boolean[count];
        for (int k = 0; k < count; k++) {
            valid[k] = true;
            for (double[] values : arrays.values()) {
                valid[k] &= Double.isFinite(values[k]);
            }
        }
        for (double[] values : arrays.values()) {
            replaceNonFinite(values);
        }

        List<int[]> cells = nx > 1 && ny > 1 ? quads(nx, ny, valid) : segments(count, valid);
        boolean polys = nx > 1 && ny > 1;

        out.print("<?xml version=\"1.0\"?>\n");
        out.print("<VTKFile type=\"PolyData\" version=\"1.0\" byte_order=\"LittleEndian\" "
                + "header_type=\"UInt64\">\n");
        out.print("  <PolyData>\n");
        out.print("    <Piece NumberOfPoints=\"" + count + "\" NumberOfVerts=\"0\" NumberOfLines=\""
                + (polys ? 0 : cells.size()) + "\" NumberOfStrips=\"0\" NumberOfPolys=\""
                + (polys ? cells.size() : 0) + "\">\n");

        out.print("      <PointData Scalars=\"loss\">\n");
        for (Map.Entry<String, double[]> array : arrays.entrySet()) {
            out.print("        <DataArray type=\"Float64\" Name=\"" + array.getKey()
                    + "\" format=\"ascii\">\n");
            writeNumbers(out, array.getValue());
            out.print("        </DataArray>\n");
        }
        out.print("        <DataArray type=\"UInt8\" Name=\"valid\" format=\"ascii\">\n");
        long[] flags = new long[count];
        for (int k = 0; k < count; k++) {
            flags[k] = valid[k] ? 1 : 0;
        }
        writeIntegers(out, flags);
        out.print("        </DataArray>\n");
        out.print("      </PointData>\n");

        out.print("      <Points>\n");
        out.print("        <DataArray type=\"Float64\" NumberOfComponents=\"3\" "
                + "format=\"ascii\">\n");
        double[] heights = arrays.get("loss");
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                out.print("          " + table.xcoordinates()[i] + " " + table.beta(j) + " "
                        + heights[i * ny + j] + "\n");
            }
        }
        out.print("        </DataArray>\n");
        out.print("      </Points>\n");

        writeCells(out, polys ? "Polys" : "Lines", cells);
        out.print("    </Piece>\n");
        out.print("  </PolyData>\n");
        out.print("</VTKFile>\n");
    }

    /** Quad (i, j)–(i+1, j)–(i+1, j+1)–(i, j+1), counter-clockwise seen from above. */
    private static List<int[]> quads(int nx, int ny, boolean[] valid) {
        List<int[]> quads = new ArrayList<>();
        for (int i = 0; i + 1 < nx; i++) {
            for (int j = 0; j + 1 < ny; j++) {
                int[] quad = {i * ny + j, (i + 1) * ny + j, (i + 1) * ny + j + 1, i * ny + j + 1};
                if (valid[quad[0]] && valid[quad[1]] && valid[quad[2]] && valid[quad[3]]) {
                    quads.add(quad);
                }
            }
        }
        return quads;
    }

    /** Segments between neighbouring points of a single row or column. */
    private static List<int[]> segments(int count, boolean[] valid) {
        List<int[]> segments = new ArrayList<>();
        for (int k = 0; k + 1 < count; k++) {
            if (valid[k] && valid[k + 1]) {
                segments.add(new int[] {k, k + 1});
            }
        }
        return segments;
    }

    private static void writeCells(PrintWriter out, String element, List<int[]> cells) {
        List<Long> connectivity = new ArrayList<>();
        long[] offsets = new long[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            for (int point : cells.get(c)) {
                connectivity.add((long) point);
            }
            offsets[c] = connectivity.size();
        }
        out.print("      <" + element + ">\n");
        out.print("        <DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">\n");
        writeIntegers(out, connectivity.stream().mapToLong(Long::longValue).toArray());
        out.print("        </DataArray>\n");
        out.print("        <DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">\n");
        writeIntegers(out, offsets);
        out.print("        </DataArray>\n");
        out.print("      </" + element + ">\n");
    }

    private static double[] flat(double[][] values, int ny) {
        double[] flat = new double[values.length * ny];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, flat, i * ny, ny);
        }
        return flat;
    }

    private static void replaceNonFinite(double[] values) {
        double largest = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            if (Double.isFinite(value)) {
                largest = Math.max(largest, value);
            }
        }
        double standIn = Double.isFinite(largest) ? largest : 0.0;
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                values[k] = standIn;
            }
        }
    }

    private static void writeNumbers(PrintWriter out, double[] values) {
        for (int k = 0; k < values.length; k++) {
            out.print(k % VALUES_PER_LINE == 0 ? "          " : " ");
            out.print(values[k]);
            if (k % VALUES_PER_LINE == VALUES_PER_LINE - 1 || k == values.length - 1) {
                out.print('\n');
            }
        }
    }

    private static void writeIntegers(PrintWriter out, long[] values) {
        for (int k = 0; k < values.length; k++) {
            out.print(k % VALUES_PER_LINE == 0 ? "          " : " ");
            out.print(values[k]);
            if (k % VALUES_PER_LINE == VALUES_PER_LINE - 1 || k == values.length - 1) {
                out.print('\n');
            }
        }
    }
}
