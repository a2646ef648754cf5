package org.losscape.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.losscape.messages.Json;

/**
 * Writes a surface as one JSON object with the HDF5 layout's keys: {@code xcoordinates},
 * {@code ycoordinates} (2-D only), {@code train_loss}, {@code train_acc} as [nx][ny] arrays in
 * Losscape's grid order (not transposed like the HDF5 datasets; [nx] for a 1-D surface), and
 * {@code test_loss}, {@code test_acc} when present, plus any attributes under
 * {@code attributes} (numbers, booleans and arrays as such). NaN and ±∞ are the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, as everywhere in Losscape's JSON.
 * A table's training path, which the HDF5 export carries, is not written.
 */
final class JsonWriter {

    private JsonWriter() {}

    static void write(SurfaceTable table, Map<String, Object> attributes, OutputStream out)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("xcoordinates", table.xcoordinates());
        if (!table.isOneDimensional()) {
            body.put("ycoordinates", table.ycoordinates());
        }
        body.put("train_loss", values(table, table.trainLoss()));
        body.put("train_acc", values(table, table.trainAccuracy()));
        if (table.hasTest()) {
            body.put("test_loss", values(table, table.testLoss()));
            body.put("test_acc", values(table, table.testAccuracy()));
        }
        if (!attributes.isEmpty()) {
            body.put("attributes", attributes);
        }
        // The caller owns the stream; Jackson would close it by default.
        Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, body);
    }

    private static Object values(SurfaceTable table, double[][] values) {
        if (!table.isOneDimensional()) {
            return values;
        }
        double[] column = new double[table.nx()];
        for (int i = 0; i < column.length; i++) {
            column[i] = values[i][0];
        }
        return column;
    }
}
