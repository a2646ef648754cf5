package org.losscape.trajectory;

import java.util.List;
import org.losscape.messages.GridSpec;

/**
 * The PCA plane of a training path over flat parameter vectors: two orthonormal directions,
 * how much of the path's variance each explains, and every checkpoint projected onto the plane.
 *
 * <p>Directions are float vectors of the same length p as the checkpoints, unit Euclidean norm,
 * orthogonal to float precision; they are applied around the final checkpoint θ_n. The arrays
 * are handed over, not copied: do not modify them.
 *
 * @param direction1 first principal direction, length p
 * @param direction2 second principal direction, length p
 * @param explainedVarianceRatio share of the path's total variance along each direction, each
 *     in [0, 1], sum at most 1 (the {@code explained_variance_ratio_} of the reference)
 * @param explainedVariance variance along each direction, λ_k / (m − 1) for m checkpoints
 * @param singularValues singular values √λ_k of the centred difference matrix
 * @param path every checkpoint in input order; the last is at (0, 0)
 */
public record PathPlane(
        float[] direction1,
        float[] direction2,
        double[] explainedVarianceRatio,
        double[] explainedVariance,
        double[] singularValues,
        List<PathPoint> path) {

    public PathPlane {
        path = List.copyOf(path);
    }

    /** A grid that covers the projected path with {@link PathBounds#DEFAULT_MARGIN}. */
    public GridSpec coveringGrid(int xPoints, int yPoints) {
        return PathBounds.coveringGrid(path, xPoints, yPoints, PathBounds.DEFAULT_MARGIN);
    }

    /** A grid that covers the projected path, padded by {@code margin} × the larger span. */
    public GridSpec coveringGrid(int xPoints, int yPoints, double margin) {
        return PathBounds.coveringGrid(path, xPoints, yPoints, margin);
    }
}
