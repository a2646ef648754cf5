package org.losscape.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link SurfaceTable} as a downloadable file: HDF5 in the reference code's layout,
 * VTK PolyData for ParaView, CSV or JSON. Each format's layout and its handling of NaN and ±∞
 * is documented on its writer; in short, HDF5, CSV and JSON keep every value exactly, while
 * VTP, whose ASCII form has no NaN, leaves holes where values are not finite. Only HDF5 carries
 * a table's training path, as the reference code's {@code proj_xcoord}, {@code proj_ycoord} and
 * their siblings.
 *
 * <p>{@code attributes} are short provenance values (surface id, model, epoch, directions)
 * stored as HDF5 root attributes and as an {@code attributes} object in JSON; CSV and VTP omit
 * them. Each value is a {@code String}, an {@code Integer}, {@code Long} or {@code Double}, a
 * {@code Boolean} or a {@code double[]}, written as that type (numbers stay numbers, so h5py
 * reads an epoch as an integer); a null value is left out. Any other type is an
 * {@code IllegalArgumentException} naming the attribute.
 */
public final class SurfaceExport {

    private SurfaceExport() {}

    /** Writes {@code table} to {@code out} (not closed) in {@code format}. */
    public static void write(SurfaceTable table, SurfaceFormat format,
            Map<String, ?> attributes, OutputStream out) {
        Map<String, Object> checked = checked(attributes);
        try {
            switch (format) {
                case HDF5:
                    out.write(hdf5Bytes(table, checked));
                    break;
                case JSON:
                    JsonWriter.write(table, checked, out);
                    break;
                case CSV:
                case VTP:
                    PrintWriter writer = new PrintWriter(
                            new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
                    if (format == SurfaceFormat.CSV) {
                        CsvWriter.write(table, writer);
                    } else {
                        VtpWriter.write(table, writer);
                    }
                    writer.flush();
                    if (writer.checkError()) {
                        throw new IOException(format + " export could not be written");
                    }
                    break;
                default:
                    throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of {@code table} in {@code format}. */
    public static byte[] toBytes(
            SurfaceTable table, SurfaceFormat format, Map<String, ?> attributes) {
        if (format == SurfaceFormat.HDF5) {
            return hdf5Bytes(table, checked(attributes));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(table, format, attributes, out);
        return out.toByteArray();
    }

    /** Writes {@code table} as an HDF5 file at {@code file}, replacing it if it exists. */
    public static void writeHdf5(SurfaceTable table, Map<String, ?> attributes, Path file) {
        Hdf5Writer.write(table, checked(attributes), file);
    }

    /** {@code attributes} without null values, in their order; refuses unsupported types. */
    private static Map<String, Object> checked(Map<String, ?> attributes) {
        Map<String, Object> checked = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            if (!(value instanceof String || value instanceof Integer || value instanceof Long
                    || value instanceof Double || value instanceof Boolean
                    || value instanceof double[])) {
                throw new IllegalArgumentException("attributes." + name + " ("
                        + value.getClass().getSimpleName() + ") must be a String, Integer, Long,"
                        + " Double, Boolean or double[]");
            }
            checked.put(name, value);
        });
        return checked;
    }

    private static byte[] hdf5Bytes(SurfaceTable table, Map<String, Object> attributes) {
        // jHDF writes to a file only; the temporary file lives for this call.
        Path file = null;
        try {
            file = Files.createTempFile("losscape-surface-", ".h5");
            Hdf5Writer.write(table, attributes, file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("HDF5 export could not be written", e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
