package org.losscape.projection.runs;

import java.util.regex.Pattern;
import org.losscape.projection.api.ApiException;

/** The run ids a request may name: they become object-key segments. */
public final class RunIds {

    /** No slashes, nothing a key cannot hold. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RunIds() {}

    /** Returns {@code runId}, given in {@code field}; a 400 naming the field if unusable. */
    public static String check(String field, String runId) {
        if (runId == null || runId.isBlank()) {
            throw ApiException.invalid(field, field + " is required");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw ApiException.invalid(field, field + " (" + runId + ") must be 1 to 128 "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return runId;
    }
}
