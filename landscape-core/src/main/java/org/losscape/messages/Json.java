package org.losscape.messages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.AccessPattern;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

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
 * service reads its REST request bodies with a stricter mapper
 * ({@link #configureForRequests(ObjectMapper)}); messages stay lenient.
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

    /**
     * Makes {@code mapper}, already {@link #configure configured}, read request bodies
     * strictly, as messages must not be read: an unknown field, an explicit {@code null} and a
     * value of another JSON type (a string for a number or a boolean, a number or a boolean for
     * a string) are errors instead of a default or a conversion. A client that writes
     * {@code "epochs": "3"} or {@code "epochs": null} has made a mistake that a default would
     * hide; a field left out still takes its default. Only a {@code null} body as a whole
     * still reads as null, for the resource to refuse in its own words.
     *
     * <p>The errors: {@link com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException},
     * {@link InvalidNullException}, and a
     * {@link com.fasterxml.jackson.databind.exc.MismatchedInputException} whose target type is
     * the field's; each with the path of the field.
     */
    public static ObjectMapper configureForRequests(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        // Strings for numbers and booleans, numbers for booleans. A string "NaN" or
        // "Infinity" still reads as a double: JSON has no other way to write it.
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }

        // @JsonSetter(nulls = FAIL) would also fail a field left out of a record, whose
        // constructor gets the same null; this tells the two apart.
        SimpleModule refuseNulls = new SimpleModule("refuse-explicit-nulls");
        refuseNulls.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config,
                    BeanDescription description, JsonDeserializer<?> deserializer) {
                return new NullRefusing(deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config,
                    CollectionType type, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return new NullRefusing(deserializer);
            }
        });
        mapper.registerModule(refuseNulls);
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

    /**
     * A deserializer that refuses a JSON {@code null} below the top level and leaves a value
     * that is absent to {@code deserializer}.
     */
    private static final class NullRefusing extends DelegatingDeserializer {

        private static final long serialVersionUID = 1L;

        NullRefusing(JsonDeserializer<?> deserializer) {
            super(deserializer);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> deserializer) {
            return new NullRefusing(deserializer);
        }

        @Override
        public Object getNullValue(DeserializationContext context) throws JsonMappingException {
            JsonParser parser = context.getParser();
            if (parser == null || parser.getParsingContext().inRoot()) {
                return _delegatee.getNullValue(context);
            }
            throw InvalidNullException.from(context, null, context.getContextualType());
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) throws JsonMappingException {
            return _delegatee.getAbsentValue(context);
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            // Asked for each null, so that getNullValue can refuse it.
            return AccessPattern.DYNAMIC;
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
