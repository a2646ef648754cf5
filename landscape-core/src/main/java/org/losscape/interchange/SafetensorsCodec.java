package org.losscape.interchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors container: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * {@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string:
 * string}}}, then the raw little-endian data, offsets counted from the end of the header.
 *
 * <p>Written headers are padded with spaces to a multiple of 8 bytes so that the data start
 * aligned, as the reference Python writer does. Reading checks what a damaged or foreign file
 * could get wrong (lengths, dtypes, shapes, offsets inside the data and matching the shape) and
 * names the tensor at fault.
 */
final class SafetensorsCodec {

    static final String METADATA = "__metadata__";

    /** Header limit of the reference reader; a larger one means a corrupt length. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SafetensorsCodec() {}

    /** One tensor as stored: its dtype name, shape and raw little-endian bytes. */
    record RawTensor(String dtype, long[] shape, byte[] data) {

        static RawTensor ofFloats(long[] shape, float[] values) {
            ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(values);
            return new RawTensor("F32", shape.clone(), buffer.array());
        }

        static RawTensor ofLongs(long[] shape, long[] values) {
            ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
            buffer.asLongBuffer().put(values);
            return new RawTensor("I64", shape.clone(), buffer.array());
        }

        /** The values of an F32 tensor, bit for bit. */
        float[] floats() {
            float[] values = new float[data.length / Float.BYTES];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
    }

    /** What a file holds: tensors in header order and the metadata map (possibly empty). */
    record Contents(Map<String, RawTensor> tensors, Map<String, String> metadata) {}

    static byte[] write(Map<String, RawTensor> tensors, Map<String, String> metadata) {
        ObjectNode header = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, RawTensor> entry : tensors.entrySet()) {
            RawTensor tensor = entry.getValue();
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", tensor.dtype());
            ArrayNode shape = node.putArray("shape");
            for (long dimension : tensor.shape()) {
                shape.add(dimension);
            }
            node.putArray("data_offsets").add(offset).add(offset + tensor.data().length);
            offset += tensor.data().length;
        }

        byte[] json = headerBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int k = json.length; k < padded; k++) {
            out.put((byte) ' ');
        }
        for (RawTensor tensor : tensors.values()) {
            out.put(tensor.data());
        }
        return out.array();
    }

    static Contents read(byte[] bytes) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException("safetensors file: needs an 8-byte header length, "
                    + "got " + bytes.length + " bytes");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES
                || headerLength > bytes.length - 8L) {
            throw new IllegalArgumentException("safetensors header length (" + headerLength
                    + ") must be in [2, " + Math.min(MAX_HEADER_BYTES, bytes.length - 8L)
                    + "] for a file of " + bytes.length + " bytes");
        }
        int dataStart = 8 + (int) headerLength;
        JsonNode header = parseHeader(bytes, (int) headerLength);

        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(METADATA)) {
                readMetadata(field.getValue(), metadata);
            } else {
                tensors.put(field.getKey(),
                        readTensor(field.getKey(), field.getValue(), bytes, dataStart));
            }
        }
        return new Contents(tensors, metadata);
    }

    private static byte[] headerBytes(ObjectNode header) {
        try {
            return MAPPER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("safetensors header could not be written", e);
        }
    }

    private static JsonNode parseHeader(byte[] bytes, int length) {
        String text = new String(bytes, 8, length, StandardCharsets.UTF_8);
        JsonNode header;
        try {
            header = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "safetensors header is not JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new IllegalArgumentException("safetensors header must be a JSON object");
        }
        return header;
    }

    private static void readMetadata(JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "safetensors " + METADATA + " must be an object of strings, got " + node);
        }
        node.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
    }

    private static RawTensor readTensor(String name, JsonNode node, byte[] bytes, int dataStart) {
        String dtype = node.path("dtype").asText("");
        Integer width = DTYPE_BYTES.get(dtype);
        if (width == null) {
            throw new IllegalArgumentException("safetensors tensor " + name + ": dtype (" + dtype
                    + ") must be one of " + DTYPE_BYTES.keySet());
        }
        long[] shape = readShape(name, node.path("shape"));
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }

        JsonNode offsets = node.path("data_offsets");
        if (!offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw new IllegalArgumentException("safetensors tensor " + name
                    + ": data_offsets must be [begin, end], got " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        long dataLength = bytes.length - (long) dataStart;
        if (begin < 0 || end < begin || end > dataLength) {
            throw new IllegalArgumentException("safetensors tensor " + name + ": data_offsets ["
                    + begin + ", " + end + "] must lie within the data (0 to " + dataLength
                    + " bytes)");
        }
        if (end - begin != count * width) {
            throw new IllegalArgumentException("safetensors tensor " + name + ": "
                    + (end - begin) + " bytes do not hold shape " + Arrays.toString(shape)
                    + " of " + dtype + " (" + count * width + " bytes)");
        }
        byte[] data = Arrays.copyOfRange(bytes, dataStart + (int) begin, dataStart + (int) end);
        return new RawTensor(dtype, shape, data);
    }

    private static long[] readShape(String name, JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    "safetensors tensor " + name + ": shape must be an array, got " + node);
        }
        long[] shape = new long[node.size()];
        for (int k = 0; k < shape.length; k++) {
            JsonNode dimension = node.get(k);
            if (!dimension.isIntegralNumber() || dimension.asLong() < 0) {
                throw new IllegalArgumentException("safetensors tensor " + name
                        + ": shape entries must be integers >= 0, got " + node);
            }
            shape[k] = dimension.asLong();
        }
        return shape;
    }
}
