package org.losscape.viz.surfaces;

import java.util.List;

/**
 * The training path of a {@code pca} surface next to the surface itself: the body of
 * {@code GET /api/surfaces/{id}/trajectory}.
 *
 * <p>Coordinates and residuals are distances in parameter space (the PCA directions have unit
 * norm over the parameters that took part). Losses are mean cross-entropy on the surface's
 * evaluation set, accuracies fractions in [0, 1]; non-finite values are written as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 *
 * @param explainedVariance share of the path's variance along direction 1 and 2, each in
 *     [0, 1]
 * @param points one per checkpoint in epoch order; the last is the surface's centre (0, 0)
 */
public record TrajectoryView(
        String surfaceId, List<Double> explainedVariance, List<Point> points) {

    /**
     * A checkpoint of the path.
     *
     * @param residual distance from the checkpoint to the plane
     * @param loss the checkpoint's own loss (NaN when not evaluated)
     * @param accuracy the checkpoint's own accuracy (NaN when not evaluated)
     * @param onGrid whether (x, y) lies inside the surface's grid
     * @param surfaceLoss the surface's loss at (x, y), interpolated bilinearly from the grid;
     *     null when off the grid or a corner it needs has not arrived yet
     * @param surfaceAccuracy the same for accuracy
     */
    public record Point(
            int epoch,
            double x,
            double y,
            double residual,
            double loss,
            double accuracy,
            boolean onGrid,
            Double surfaceLoss,
            Double surfaceAccuracy) {}
}
