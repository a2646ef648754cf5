package org.losscape.storage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object layout in the bucket. Every key a service reads or writes is built here, so the
 * layout in {@code docs/architecture.md} has one source.
 */
public final class ObjectKeys {

    private static final Pattern CHECKPOINT_KEY =
            Pattern.compile("runs/[^/]+/checkpoints/epoch-([0-9]{4,9})\\.params");

    private ObjectKeys() {}

    /** The run's configuration and state as JSON. */
    public static String run(String runId) {
        return "runs/" + runId + "/run.json";
    }

    /** Parameters after {@code epoch} epochs (0 = initialization), DJL's parameter format. */
    public static String checkpoint(String runId, int epoch) {
        return String.format("runs/%s/checkpoints/epoch-%04d.params", runId, epoch);
    }

    /** The prefix of every checkpoint key of a run, for listing them. */
    public static String checkpointPrefix(String runId) {
        return "runs/" + runId + "/checkpoints/";
    }

    /**
     * The epoch of a key made by {@link #checkpoint}, or -1 if {@code key} is not a checkpoint
     * key.
     */
    public static int checkpointEpoch(String key) {
        Matcher matcher = CHECKPOINT_KEY.matcher(key);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /** The prefix of every surface's objects, for listing them. */
    public static String surfacesPrefix() {
        return "surfaces/";
    }

    /** The {@code SurfacePlanned} message of a surface, as JSON. */
    public static String surface(String surfaceId) {
        return "surfaces/" + surfaceId + "/surface.json";
    }

    /** A direction of a surface: {@code axis} is {@code x} or {@code y}. */
    public static String direction(String surfaceId, String axis) {
        return "surfaces/" + surfaceId + "/direction-" + axis + ".ndlist";
    }

    /** The assembled values of a surface, written by the viz service, as JSON. */
    public static String surfaceValues(String surfaceId) {
        return "surfaces/" + surfaceId + "/values.json";
    }
}
