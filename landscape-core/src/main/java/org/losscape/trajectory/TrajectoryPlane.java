package org.losscape.trajectory;

import java.util.List;
import org.losscape.messages.GridSpec;
import org.losscape.weights.ParameterTensors;

/**
 * The PCA plane of a run's checkpoints, ready to be a surface: evaluate θ_n + α·d1 + β·d2 with
 * {@code origin} as θ_n and the two directions as d1 and d2.
 *
 * <p>Both directions have the names, kinds and shapes of the checkpoints. Over the parameters
 * that took part in the PCA they have unit Euclidean norm together; every other parameter
 * (running statistics always, biases and batch norm unless included) is zero, so it stays at
 * θ_n's value across the plane. Grid coordinates α, β are therefore distances in parameter space,
 * the same units as the path's coordinates.
 *
 * @param origin the final checkpoint θ_n, the plane's (0, 0)
 * @param direction1 first principal direction d1
 * @param direction2 second principal direction d2
 * @param includeBiasAndBatchNorm whether biases and batch-norm γ, β took part
 * @param explainedVarianceRatio share of the path's variance along d1 and d2, each in [0, 1],
 *     sum at most 1
 * @param explainedVariance variance along each direction, λ_k / (m − 1)
 * @param singularValues √λ_k of the centred difference matrix
 * @param path every checkpoint in input order projected onto the plane; the last at (0, 0)
 */
public record TrajectoryPlane(
        ParameterTensors origin,
        ParameterTensors direction1,
        ParameterTensors direction2,
        boolean includeBiasAndBatchNorm,
        double[] explainedVarianceRatio,
        double[] explainedVariance,
        double[] singularValues,
        List<PathPoint> path) {

    public TrajectoryPlane {
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
