package org.losscape.messages;

import java.time.Instant;
import java.util.List;

/**
 * A surface that the projection service has planned: its directions are stored and its chunks
 * are about to be published. Everything a worker or a viewer needs to know about it.
 *
 * <p>Surfaces of every view share this one type; {@code kind} says which view it is:
 *
 * <ul>
 *   <li>{@code plane}: two random directions around the checkpoint (the default);
 *   <li>{@code line}: one random direction (a 1-D scan, {@code directionYKey} null);
 *   <li>{@code pca}: the top two principal directions of the run's trajectory, with the
 *       projected path in {@code trajectory};
 *   <li>{@code interpolation}: the line from the checkpoint (α = 0) to the one in {@code
 *       interpolation} (α = 1).
 * </ul>
 *
 * @param directionXKey object key of direction 1 (α axis)
 * @param directionYKey object key of direction 2 (β axis); null for a 1-D scan
 * @param chunkCount number of {@link SurfaceChunk} messages that cover the grid
 * @param groupId shared by surfaces planned together (the train and test curves of an
 *     interpolation, the seeds of a 1-D spread, a comparison); null when alone
 * @param trajectory the projected training path of a {@code pca} surface; null otherwise
 * @param interpolation the second solution of an {@code interpolation}; null otherwise
 */
public record SurfacePlanned(
        String surfaceId,
        String runId,
        String model,
        int epoch,
        String checkpointKey,
        GridSpec grid,
        DirectionSpec directions,
        EvalSetSpec evalSet,
        String directionXKey,
        String directionYKey,
        int chunkCount,
        Instant createdAt,
        String kind,
        String groupId,
        TrajectorySpec trajectory,
        InterpolationSpec interpolation) {

    public static final String PLANE = "plane";
    public static final String LINE = "line";
    public static final String PCA = "pca";
    public static final String INTERPOLATION = "interpolation";

    public SurfacePlanned {
        if (kind == null) {
            kind = directionYKey == null ? LINE : PLANE;
        }
    }

    /** A random plane or line, not part of a group. */
    public SurfacePlanned(
            String surfaceId,
            String runId,
            String model,
            int epoch,
            String checkpointKey,
            GridSpec grid,
            DirectionSpec directions,
            EvalSetSpec evalSet,
            String directionXKey,
            String directionYKey,
            int chunkCount,
            Instant createdAt) {
        this(surfaceId, runId, model, epoch, checkpointKey, grid, directions, evalSet,
                directionXKey, directionYKey, chunkCount, createdAt, null, null, null, null);
    }

    public int pointCount() {
        return grid.size();
    }

    /**
     * The training path projected on the plane of a {@code pca} surface.
     *
     * @param explainedVariance the ratio of the variance of θ_i − θ_n that each of the two
     *     directions explains, each in [0, 1], their sum at most 1
     * @param path one point per checkpoint, in epoch order; the last is (0, 0)
     */
    public record TrajectorySpec(List<Double> explainedVariance, List<TrajectoryPoint> path) {}

    /**
     * A checkpoint of the trajectory: its coordinates on the plane, its distance from the plane
     * (in parameter-space units) and its true loss and accuracy on the surface's evaluation set
     * (NaN when not evaluated).
     */
    public record TrajectoryPoint(
            int epoch, double x, double y, double residual, double loss, double accuracy) {}

    /** The solution at α = 1 of an interpolation. */
    public record InterpolationSpec(String runId, int epoch, String checkpointKey) {}
}
