package org.losscape.storage;

/**
 * The object layout in the bucket. Every key a service reads or writes is built here, so the
 * layout in {@code docs/architecture.md} has one source.
 */
public final class ObjectKeys {

    private ObjectKeys() {}

    /** The run's configuration and state as JSON. */
    public static String run(String runId) {
        return "runs/" + runId + "/run.json";
    }

    /** Parameters after {@code epoch} epochs (0 = initialization), DJL's parameter format. */
    public static String checkpoint(String runId, int epoch) {
        return String.format("runs/%s/checkpoints/epoch-%04d.params", runId, epoch);
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
