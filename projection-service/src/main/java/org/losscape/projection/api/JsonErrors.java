package org.losscape.projection.api;

import static org.losscape.messages.JsonReadErrors.fieldPath;
import static org.losscape.messages.JsonReadErrors.listElementType;
import static org.losscape.messages.JsonReadErrors.plainReason;
import static org.losscape.messages.JsonReadErrors.position;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes a request body that Jackson could not read as a 400 {@link ApiError} that names
 * the field where reading stopped, as a path ({@code grid.x.points}, {@code seeds[1]}; null for
 * the body as a whole), with a message in the request's terms rather than Java's: an unknown
 * field with the known ones, an explicit null with the field's default, a fraction or a string
 * where a whole number belongs, a number out of range, JSON that is not well formed with its
 * line and column, or JSON beyond a limit of the reader (nesting depth).
 */
final class JsonErrors {

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Integer.class, int.class,
            Long.class, long.class, Short.class, short.class, BigInteger.class);
    private static final Set<Class<?>> NUMBERS = Set.of(Double.class, double.class,
            Float.class, float.class, BigDecimal.class);
    private static final Map<Class<?>, String> RANGES = Map.of(
            Integer.class, rangeOf(Integer.MIN_VALUE, Integer.MAX_VALUE),
            int.class, rangeOf(Integer.MIN_VALUE, Integer.MAX_VALUE),
            Long.class, rangeOf(Long.MIN_VALUE, Long.MAX_VALUE),
            long.class, rangeOf(Long.MIN_VALUE, Long.MAX_VALUE));
    private static final Pattern QUOTED_NUMBER = Pattern.compile("\\(([-+0-9.eE]+)");
    private static final Pattern REFUSED_STRING =
            Pattern.compile("^Cannot coerce String value \\(\"(.*)\"\\) to");

    private JsonErrors() {}

    static ApiError describe(JsonProcessingException e, RequestDefaults defaults) {
        // Jackson wraps an error of the parser in a mapping error along the path of the
        // objects it was reading; the parser itself knows the field it stopped in.
        JsonProcessingException error = e instanceof JsonMappingException
                && e.getCause() instanceof JsonProcessingException parsing
                && !(parsing instanceof JsonMappingException) ? parsing : e;
        String field = fieldPath(error);
        return new ApiError("invalid-request", field, message(error, field, defaults));
    }

    private static String message(JsonProcessingException e, String field,
            RequestDefaults defaults) {
        String subject = field != null ? field : "the request body";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return subject + " is not a field of " + parentOf(field) + "; known fields: "
                    + String.join(", ", sorted(unknown.getKnownPropertyIds()));
        }
        if (e instanceof InvalidNullException) {
            return mustNotBeNull(field, defaults);
        }
        if (e instanceof InvalidFormatException format && expected(format) != null) {
            String fraction = format.getValue() instanceof Number
                    && WHOLE_NUMBERS.contains(format.getTargetType())
                    ? ", without a fraction or an exponent"
                    : "";
            return subject + " (" + shown(format.getValue()) + ") must be " + expected(format)
                    + fraction;
        }
        if (e instanceof MismatchedInputException mismatch && expected(mismatch) != null) {
            Matcher refused = REFUSED_STRING.matcher(String.valueOf(e.getOriginalMessage()));
            return refused.find()
                    ? subject + " (\"" + refused.group(1) + "\") must be " + expected(mismatch)
                            + ", not a string"
                    : subject + " must be " + expected(mismatch);
        }
        if (e instanceof InputCoercionException coercion
                && RANGES.containsKey(coercion.getTargetType())) {
            return subject + numberOf(coercion) + " is out of range: it must be a whole number"
                    + " in " + RANGES.get(coercion.getTargetType());
        }
        if (e instanceof StreamConstraintsException) {
            return "the request body exceeds a limit of the JSON reader: "
                    + plainReason(e.getOriginalMessage());
        }
        if (e instanceof JsonParseException) {
            return "the request body is not valid JSON" + position(e.getLocation()) + ": "
                    + plainReason(e.getOriginalMessage());
        }
        return subject + " cannot be read: " + plainReason(e.getOriginalMessage());
    }

    /**
     * A null is refused rather than read as the default, which a client may not expect; the
     * message says what leaving the field out gives.
     */
    private static String mustNotBeNull(String field, RequestDefaults defaults) {
        if (field == null || field.endsWith("]")) {
            return (field != null ? field : "the request body") + " must not be null: an array"
                    + " of the request holds values only";
        }
        if (defaults.required(field)) {
            return field + " must not be null: it is required";
        }
        String value = defaults.of(field);
        return field + " must not be null; leave it out for the default"
                + (value != null ? " (" + value + ")" : "");
    }

    /** What a value of the target type looks like in JSON; null for types not known here. */
    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (type == null) {
            return null;
        }
        if (WHOLE_NUMBERS.contains(type)) {
            return "a whole number";
        }
        if (NUMBERS.contains(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            String elements = plural(listElementType(e));
            return "an array" + (elements != null ? " of " + elements : "");
        }
        if (type.isRecord()) {
            return "a JSON object";
        }
        return null;
    }

    /** What several values of {@code type} are called; null for types not known here. */
    private static String plural(Class<?> type) {
        if (WHOLE_NUMBERS.contains(type)) {
            return "whole numbers";
        }
        if (NUMBERS.contains(type)) {
            return "numbers";
        }
        return type == String.class ? "strings" : null;
    }

    private static String parentOf(String field) {
        if (field == null) {
            return "the request";
        }
        int dot = field.lastIndexOf('.');
        return dot < 0 ? "the request" : field.substring(0, dot);
    }

    private static List<String> sorted(Collection<Object> names) {
        TreeSet<String> sorted = new TreeSet<>();
        names.forEach(name -> sorted.add(String.valueOf(name)));
        return List.copyOf(sorted);
    }

    private static String shown(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    /**
     * The number as written, which Jackson keeps only in its message ("Numeric value (…) out
     * of range of int"): the parser has moved on by the time the error is described.
     */
    private static String numberOf(InputCoercionException e) {
        Matcher matcher = QUOTED_NUMBER.matcher(String.valueOf(e.getOriginalMessage()));
        return matcher.find() ? " (" + matcher.group(1) + ")" : "";
    }

    private static String rangeOf(long min, long max) {
        return "[" + min + ", " + max + "]";
    }
}
