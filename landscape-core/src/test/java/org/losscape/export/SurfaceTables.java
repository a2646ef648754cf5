package org.losscape.export;

import java.util.List;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.messages.SurfacePlanned.TrajectorySpec;

/** Small surfaces for the export tests. */
final class SurfaceTables {

    /** Index of the point (i = 1, j = 2) whose training loss is NaN in {@link #grid4x3}. */
    static final int NAN_INDEX = 1 * 3 + 2;

    private SurfaceTables() {}

    /**
     * A 4 × 3 surface over α ∈ {−1, −1/3, 1/3, 1}, β ∈ {−0.5, 0, 0.5}; loss 1 + α² + 2β² + i/10
     * except NaN at (1, 2) and +∞ in the test loss at (3, 0).
     */
    static SurfaceTable grid4x3(boolean withTest) {
        double[] x = {-1, -1.0 / 3, 1.0 / 3, 1};
        double[] y = {-0.5, 0, 0.5};
        double[][] loss = new double[4][3];
        double[][] accuracy = new double[4][3];
        double[][] testLoss = new double[4][3];
        double[][] testAccuracy = new double[4][3];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                loss[i][j] = 1 + x[i] * x[i] + 2 * y[j] * y[j] + i / 10.0;
                accuracy[i][j] = 0.9 - 0.1 * i - 0.01 * j;
                testLoss[i][j] = loss[i][j] + 0.25;
                testAccuracy[i][j] = accuracy[i][j] - 0.05;
            }
        }
        loss[1][2] = Double.NaN;
        testLoss[3][0] = Double.POSITIVE_INFINITY;
        if (!withTest) {
            return SurfaceTable.of(x, y, loss, accuracy);
        }
        return new SurfaceTable(x, y, loss, accuracy, testLoss, testAccuracy);
    }

    /**
     * A planned path of 5 checkpoints, epochs 0, 2, 4, 6, 8 (not their positions 0 … 4), ending
     * at (0, 0); epoch 4 was not evaluated (NaN loss and accuracy), and epoch 0 lies off the
     * grid of {@link #grid4x3}.
     */
    static List<TrajectoryPoint> path5() {
        return List.of(
                new TrajectoryPoint(0, -1.75, 0.625, 0.5, 2.3, 0.1),
                new TrajectoryPoint(2, -0.8, 0.3, 0.25, 1.6, 0.42),
                new TrajectoryPoint(4, -0.3, -0.1, 0.125, Double.NaN, Double.NaN),
                new TrajectoryPoint(6, 0.2, 0.05, 0.0625, 0.7, 0.76),
                new TrajectoryPoint(8, 0, 0, 0, 0.55, 0.81));
    }

    /** {@link #path5()} on a plane whose directions explain 80% and 15% of its variance. */
    static TrajectorySpec trajectory5() {
        return new TrajectorySpec(List.of(0.8, 0.15), path5());
    }

    /** A 1-D surface of 5 points over α ∈ [−1, 1] with a NaN loss at i = 3. */
    static SurfaceTable line5() {
        double[] x = {-1, -0.5, 0, 0.5, 1};
        double[][] loss = new double[5][1];
        double[][] accuracy = new double[5][1];
        for (int i = 0; i < 5; i++) {
            loss[i][0] = 0.5 + x[i] * x[i];
            accuracy[i][0] = 0.8 - 0.1 * Math.abs(x[i]);
        }
        loss[3][0] = Double.NaN;
        return SurfaceTable.of(x, null, loss, accuracy);
    }
}
