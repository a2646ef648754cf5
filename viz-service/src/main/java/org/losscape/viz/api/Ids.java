package org.losscape.viz.api;

import java.util.regex.Pattern;

/** Checks of the ids that arrive in request paths. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Ids() {}

    /**
     * {@code value} if it can be a run or surface id (1–128 letters, digits, '.', '_', '-',
     * starting with a letter or digit); otherwise a 400 naming {@code field}.
     */
    public static String require(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiException.badRequest(
                    field,
                    field + " ('" + value + "') must be 1 to 128 letters, digits, '.', '_' or"
                            + " '-', starting with a letter or digit");
        }
        return value;
    }
}
