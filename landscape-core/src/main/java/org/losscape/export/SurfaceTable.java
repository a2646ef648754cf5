package org.losscape.export;

import java.util.Arrays;
import java.util.List;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;
import org.losscape.messages.PointValue;

/**
 * A surface as plain arrays in Losscape's grid order: coordinates along each axis and values
 * indexed {@code [i][j]}, i along x (α, direction 1), j along y (β, direction 2), which is grid
 * point {@code i * ny + j}. The HDF5 export writes the transpose [j][i], the reference code's
 * meshgrid layout; the other exports keep [i][j].
 *
 * <p>A 1-D surface (a scan along one direction) has {@code ycoordinates == null} and value
 * arrays of shape {@code [nx][1]}. Losses are mean cross-entropy, accuracies fractions in
 * [0, 1]; NaN and ±∞ are kept as data, and a point that was never evaluated is NaN in every
 * array. The test arrays are both present or both null. Arrays are held, not copied.
 *
 * <p>A {@code pca} surface may carry its projected training path, which only the HDF5 export
 * writes; its points need not lie on the grid.
 *
 * @param xcoordinates α of each i, length nx ≥ 1, finite
 * @param ycoordinates β of each j, length ny ≥ 1, finite; null for a 1-D surface
 * @param trainLoss loss on the training (evaluation) set, [nx][ny]
 * @param trainAccuracy accuracy on the same set, [nx][ny]
 * @param testLoss loss on the test set, [nx][ny], or null
 * @param testAccuracy accuracy on the test set, [nx][ny], or null
 * @param trajectory the projected training path of a {@code pca} surface, or null
 */
public record SurfaceTable(
        double[] xcoordinates,
        double[] ycoordinates,
        double[][] trainLoss,
        double[][] trainAccuracy,
        double[][] testLoss,
        double[][] testAccuracy,
        TrajectoryTable trajectory) {

    public SurfaceTable {
        requireCoordinates("xcoordinates", xcoordinates);
        if (ycoordinates != null) {
            requireCoordinates("ycoordinates", ycoordinates);
        }
        int nx = xcoordinates.length;
        int ny = ycoordinates == null ? 1 : ycoordinates.length;
        requireShape("trainLoss", trainLoss, nx, ny);
        requireShape("trainAccuracy", trainAccuracy, nx, ny);
        if ((testLoss == null) != (testAccuracy == null)) {
            throw new IllegalArgumentException("testLoss and testAccuracy: give both or neither, "
                    + "got " + (testLoss == null ? "testAccuracy only" : "testLoss only"));
        }
        if (testLoss != null) {
            requireShape("testLoss", testLoss, nx, ny);
            requireShape("testAccuracy", testAccuracy, nx, ny);
        }
    }

    /** A surface without a training path. */
    public SurfaceTable(
            double[] xcoordinates,
            double[] ycoordinates,
            double[][] trainLoss,
            double[][] trainAccuracy,
            double[][] testLoss,
            double[][] testAccuracy) {
        this(xcoordinates, ycoordinates, trainLoss, trainAccuracy, testLoss, testAccuracy, null);
    }

    /** A surface with training values only. */
    public static SurfaceTable of(
            double[] xcoordinates, double[] ycoordinates, double[][] loss, double[][] accuracy) {
        return new SurfaceTable(xcoordinates, ycoordinates, loss, accuracy, null, null);
    }

    /**
     * The table of a grid's evaluated points. A grid with one y point is a 1-D surface. Points
     * not in the list are NaN.
     *
     * @param train values on the evaluation set, any order, each index at most once
     * @param test values on the test set, or null
     * @throws IllegalArgumentException naming the list and position of a point whose index is
     *     outside the grid or whose (i, j) do not match its index
     */
    public static SurfaceTable of(GridSpec grid, List<PointValue> train, List<PointValue> test) {
        int nx = grid.x().points();
        int ny = grid.y().points();
        double[] x = coordinates(grid.x());
        double[] y = ny == 1 ? null : coordinates(grid.y());

        double[][] trainLoss = nanGrid(nx, ny);
        double[][] trainAccuracy = nanGrid(nx, ny);
        fill("train", train, ny, nx * ny, trainLoss, trainAccuracy);
        if (test == null) {
            return new SurfaceTable(x, y, trainLoss, trainAccuracy, null, null);
        }
        double[][] testLoss = nanGrid(nx, ny);
        double[][] testAccuracy = nanGrid(nx, ny);
        fill("test", test, ny, nx * ny, testLoss, testAccuracy);
        return new SurfaceTable(x, y, trainLoss, trainAccuracy, testLoss, testAccuracy);
    }

    /** This surface with {@code path} as its projected training path (null: none). */
    public SurfaceTable withTrajectory(TrajectoryTable path) {
        return new SurfaceTable(xcoordinates, ycoordinates, trainLoss, trainAccuracy, testLoss,
                testAccuracy, path);
    }

    public boolean hasTrajectory() {
        return trajectory != null;
    }

    /** Number of x coordinates. */
    public int nx() {
        return xcoordinates.length;
    }

    /** Number of y coordinates, 1 for a 1-D surface. */
    public int ny() {
        return ycoordinates == null ? 1 : ycoordinates.length;
    }

    public boolean isOneDimensional() {
        return ycoordinates == null;
    }

    public boolean hasTest() {
        return testLoss != null;
    }

    /** β of column j: the y coordinate, or 0 on a 1-D surface. */
    public double beta(int j) {
        return ycoordinates == null ? 0.0 : ycoordinates[j];
    }

    private static double[] coordinates(Axis axis) {
        double[] values = new double[axis.points()];
        for (int k = 0; k < values.length; k++) {
            values[k] = axis.coordinate(k);
        }
        return values;
    }

    private static double[][] nanGrid(int nx, int ny) {
        double[][] values = new double[nx][ny];
        for (double[] row : values) {
            Arrays.fill(row, Double.NaN);
        }
        return values;
    }

    private static void fill(String field, List<PointValue> points, int ny, int size,
            double[][] loss, double[][] accuracy) {
        for (int k = 0; k < points.size(); k++) {
            PointValue point = points.get(k);
            if (point.index() < 0 || point.index() >= size) {
                throw new IllegalArgumentException(field + "[" + k + "].index (" + point.index()
                        + ") must be in [0, " + (size - 1) + "]");
            }
            int i = point.index() / ny;
            int j = point.index() % ny;
            if (point.i() != i || point.j() != j) {
                throw new IllegalArgumentException(field + "[" + k + "]: (i, j) = (" + point.i()
                        + ", " + point.j() + ") must be (" + i + ", " + j + ") for index "
                        + point.index());
            }
            loss[i][j] = point.loss();
            accuracy[i][j] = point.accuracy();
        }
    }

    private static void requireCoordinates(String field, double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(field + ": needs at least 1 coordinate, got "
                    + (values == null ? "null" : "none"));
        }
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException(
                        field + "[" + k + "]: must be finite, got " + values[k]);
            }
        }
    }

    private static void requireShape(String field, double[][] values, int nx, int ny) {
        if (values == null || values.length != nx) {
            throw new IllegalArgumentException(field + ".length ("
                    + (values == null ? "null" : values.length) + ") must equal nx (" + nx + ")");
        }
        for (int i = 0; i < nx; i++) {
            if (values[i] == null || values[i].length != ny) {
                throw new IllegalArgumentException(field + "[" + i + "].length ("
                        + (values[i] == null ? "null" : values[i].length) + ") must equal ny ("
                        + ny + ")");
            }
        }
    }
}
