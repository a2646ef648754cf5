package org.losscape.export;

import java.util.List;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.messages.SurfacePlanned.TrajectorySpec;

/**
 * The training path of a {@code pca} surface as plain arrays, one entry per checkpoint in the
 * order of the path: epoch order, the surface's own checkpoint last, at (0, 0); with the share
 * of the path's variance that each of the plane's two directions explains.
 *
 * <p>Coordinates and residuals are distances in parameter space (the PCA directions have unit
 * norm). Losses are mean cross-entropy and accuracies fractions in [0, 1], each measured at the
 * checkpoint itself on the surface's evaluation set, not read off the surface at its
 * projection; they are NaN where the checkpoint was not evaluated. NaN and ±∞ are kept as data.
 * Arrays are held, not copied.
 *
 * @param explainedVariance the explained-variance ratio of the first and the second direction,
 *     each in [0, 1]; empty when not known
 * @param epochs the epoch of each checkpoint, length m ≥ 1
 * @param x α of each checkpoint's projection on the plane, length m
 * @param y β of each checkpoint's projection, length m
 * @param residual distance from each checkpoint to the plane, length m
 * @param loss each checkpoint's own loss, length m
 * @param accuracy each checkpoint's own accuracy, length m
 */
public record TrajectoryTable(
        double[] explainedVariance,
        int[] epochs,
        double[] x,
        double[] y,
        double[] residual,
        double[] loss,
        double[] accuracy) {

    public TrajectoryTable {
        if (explainedVariance == null) {
            throw new IllegalArgumentException("explainedVariance: null (empty when not known)");
        }
        if (epochs == null || epochs.length == 0) {
            throw new IllegalArgumentException("epochs: a path needs at least 1 checkpoint, got "
                    + (epochs == null ? "null" : "none"));
        }
        requireLength("x", x, epochs.length);
        requireLength("y", y, epochs.length);
        requireLength("residual", residual, epochs.length);
        requireLength("loss", loss, epochs.length);
        requireLength("accuracy", accuracy, epochs.length);
    }

    /** The table of a planned trajectory, its path in its order. */
    public static TrajectoryTable of(TrajectorySpec trajectory) {
        List<TrajectoryPoint> path = trajectory.path();
        double[] explainedVariance = trajectory.explainedVariance() == null ? new double[0]
                : trajectory.explainedVariance().stream()
                        .mapToDouble(ratio -> ratio == null ? Double.NaN : ratio).toArray();
        int m = path.size();
        int[] epochs = new int[m];
        double[] x = new double[m];
        double[] y = new double[m];
        double[] residual = new double[m];
        double[] loss = new double[m];
        double[] accuracy = new double[m];
        for (int k = 0; k < m; k++) {
            TrajectoryPoint point = path.get(k);
            epochs[k] = point.epoch();
            x[k] = point.x();
            y[k] = point.y();
            residual[k] = point.residual();
            loss[k] = point.loss();
            accuracy[k] = point.accuracy();
        }
        return new TrajectoryTable(explainedVariance, epochs, x, y, residual, loss, accuracy);
    }

    /** Number of checkpoints. */
    public int size() {
        return epochs.length;
    }

    private static void requireLength(String field, double[] values, int length) {
        if (values == null || values.length != length) {
            throw new IllegalArgumentException(field + ".length ("
                    + (values == null ? "null" : values.length) + ") must equal epochs.length ("
                    + length + ")");
        }
    }
}
