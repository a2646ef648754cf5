package org.losscape.messages;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a refused request body is about, in the terms of the JSON a client sent rather than of
 * the Java types it was read into: the services' error answers are built from these.
 */
public final class JsonReadErrors {

    private JsonReadErrors() {
    }

    /**
     * The path of the field at fault ({@code grid.x.points}, {@code milestones[1]}): the
     * mapping path of a mapping error, the position of the parser for an error of the parser;
     * null for the body as a whole.
     */
    public static String fieldPath(JsonProcessingException e) {
        List<String> steps = new ArrayList<>();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                steps.add(reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]");
            }
        } else if (e.getProcessor() instanceof JsonParser parser) {
            for (JsonStreamContext context = parser.getParsingContext();
                    context != null && !context.inRoot();
                    context = context.getParent()) {
                if (context.inArray()) {
                    steps.add("[" + Math.max(0, context.getCurrentIndex()) + "]");
                } else if (context.getCurrentName() != null) {
                    steps.add(context.getCurrentName());
                }
            }
            Collections.reverse(steps);
        }
        return steps.isEmpty() ? null : String.join(".", steps).replace(".[", "[");
    }

    /**
     * Jackson's reason without what names Java: where the source is ("[Source: REDACTED
     * (`StreamReadFeature...` disabled)…]") and which setting a limit comes from.
     */
    public static String plainReason(String reason) {
        String plain = String.valueOf(reason)
                .replaceAll("(?s)\\s*\\(start marker at \\[Source.*?\\]\\)", "")
                .replaceAll("(?s)\\s*at \\[Source.*", "")
                .replaceAll(", from `[^`]*`", "")
                .strip();
        return plain.isEmpty() ? plain : Character.toLowerCase(plain.charAt(0))
                + plain.substring(1);
    }

    /** " (line L, column C)" for a known position in the body, else the empty string. */
    public static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * The element type of the list field that {@code e} is about, read from the record that
     * declares it; null when the field is not a list of a record.
     */
    public static Class<?> listElementType(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty() || path.get(path.size() - 1).getFieldName() == null) {
            return null;
        }
        JsonMappingException.Reference reference = path.get(path.size() - 1);
        Object from = reference.getFrom();
        Class<?> owner = from instanceof Class<?> type ? type : from.getClass();
        if (!owner.isRecord()) {
            return null;
        }
        for (RecordComponent component : owner.getRecordComponents()) {
            if (component.getName().equals(reference.getFieldName())
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element) {
                return element;
            }
        }
        return null;
    }
}
