package org.losscape.export;

import java.util.List;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;

/**
 * The training path of a {@code pca} surface as plain arrays, one entry per checkpoint in the
 * order of the path: epoch order, the surface's own checkpoint last, at (0, 0).
 *
 * <p>Coordinates and residuals are distances in parameter space (the PCA directions have unit
 * norm). Losses are mean cross-entropy and accuracies fractions in [0, 1], each measured at the
 * checkpoint itself on the surface's evaluation set, not read off the surface at its
 * projection; they are NaN where the checkpoint was not evaluated. NaN and ±∞ are kept as data.
 * Arrays are held, not copied.
 *
 * @param epochs the epoch of each checkpoint, length m ≥ 1
 * @param x α of each checkpoint's projection on the plane, length m
 * @param y β of each checkpoint's projection, length m
 * @param residual distance from each checkpoint to the plane, length m
 * @param loss each checkpoint's own loss, length m
 * @param accuracy each checkpoint's own accuracy, length m
 */
public record TrajectoryTable(
        int[] epochs,
        double[] x,
        double[] y,
        double[] residual,
        double[] loss,
        double[] accuracy) {

    public TrajectoryTable {
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

    /** The table of a planned path, in its order. */
    public static TrajectoryTable of(List<TrajectoryPoint> path) {
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
        return new TrajectoryTable(epochs, x, y, residual, loss, accuracy);
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
