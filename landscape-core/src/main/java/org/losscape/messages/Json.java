package org.losscape.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of every message, stored document and REST body: one shared Jackson
 * {@link ObjectMapper} and the settings that define it.
 *
 * <p>Instants are ISO-8601 strings ({@code "2025-01-31T12:00:00Z"}). NaN and ±∞ are data here
 * (a diverged network has an infinite loss), and JSON has no literal for them, so they are
 * written as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} and read
 * back into {@code double} from those strings (or from the bare literals that other writers
 * produce). Unknown properties are ignored so that a reader survives a newer writer. A number
 * with a fraction or an exponent is refused where an integer is expected ({@code "points": 2.5}
 * is an error, not 2): Jackson would otherwise truncate it in silence.
 *
 * <p>Quarkus services build their own mapper; an {@code ObjectMapperCustomizer} there calls
 * {@link #configure(ObjectMapper)} so that REST bodies and Kafka records (Quarkus'
 * {@code ObjectMapperSerializer}/{@code ObjectMapperDeserializer}) agree with this one. A
 * service may read its REST request bodies with a stricter copy (the projection service
 * refuses unknown fields there); messages stay lenient.
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {}

    /** The shared mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies Losscape's JSON settings to {@code mapper} and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature(), true);
        mapper.configure(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature(), true);
        return mapper;
    }

    /** {@code value} as UTF-8 JSON bytes. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + describe(value) + " as JSON", e);
        }
    }

    /** {@code value} as a JSON string. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + describe(value) + " as JSON", e);
        }
    }

    /** Reads UTF-8 JSON bytes as a {@code type}; malformed input gives an unchecked error. */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON as " + type.getSimpleName(), e);
        }
    }

    /** Reads a JSON string as a {@code type}; malformed input gives an unchecked error. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON as " + type.getSimpleName(), e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
