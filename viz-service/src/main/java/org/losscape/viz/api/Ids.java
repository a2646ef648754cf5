package org.losscape.viz.api;

import java.util.regex.Pattern;

/**
 * Checks of the ids that arrive in request paths and filters: letters, digits, '.', '_' and
 * '-', starting with a letter or digit, at most as long as the services that make them allow.
 *
 * <p>A malformed id is a 400 naming its parameter, as this service's README has always said,
 * although the trainer and the projection service answer 404 for an id that cannot exist (see
 * docs/decisions.md).
 */
public final class Ids {

    /** Run ids: up to 128 characters, as the trainer and the projection service accept them. */
    private static final int RUN_ID_LENGTH = 128;

    /**
     * Surface and group ids: up to 201 characters, as the projection service accepts them (an
     * auto surface is named after its run, {@code auto-<runId>-epoch-NNNN}).
     */
    private static final int SURFACE_ID_LENGTH = 201;

    private static final Pattern RUN_ID = pattern(RUN_ID_LENGTH);
    private static final Pattern SURFACE_ID = pattern(SURFACE_ID_LENGTH);

    private Ids() {}

    /** {@code value} if it can be a run id; otherwise a 400 naming {@code field}. */
    public static String requireRunId(String field, String value) {
        return require(field, value, RUN_ID, RUN_ID_LENGTH);
    }

    /** {@code value} if it can be a surface or group id; otherwise a 400 naming {@code field}. */
    public static String requireSurfaceId(String field, String value) {
        return require(field, value, SURFACE_ID, SURFACE_ID_LENGTH);
    }

    private static String require(String field, String value, Pattern pattern, int length) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw ApiException.badRequest(
                    field,
                    field + " ('" + value + "') must be 1 to " + length + " letters, digits, '.',"
                            + " '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    private static Pattern pattern(int length) {
        return Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (length - 1) + "}");
    }
}
