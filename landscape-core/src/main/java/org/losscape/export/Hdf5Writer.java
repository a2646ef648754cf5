package org.losscape.export;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a surface as HDF5 in the layout that the reference code's plotting scripts read:
 * float64 datasets {@code xcoordinates} [nx], {@code ycoordinates} [ny] (2-D only),
 * {@code train_loss} and {@code train_acc} [ny, nx] ([nx] for a 1-D surface), and
 * {@code test_loss}, {@code test_acc} of the same shape when the test set was evaluated. A
 * surface with a training path adds one entry per checkpoint, in the path's order:
 * {@code proj_xcoord} and {@code proj_ycoord}, float64 [m], the names under which the
 * reference's {@code project_trajectory} stores the projected path and its
 * {@code plot_contour_trajectory} reads it; {@code proj_epochs}, int32 [m]; and float64 [m]
 * {@code proj_residual} (distance from the plane), {@code proj_true_loss} and
 * {@code proj_true_acc} (each checkpoint's own loss and accuracy on the surface's evaluation
 * set); and, when known, {@code explained_variance_ratio_}, float64 [2], under the name of the
 * reference's direction file, so that one export serves {@code plot_contour_trajectory} as
 * surface, direction and projection file. NaN and ±∞ are stored as IEEE values. Attributes
 * given by the caller go on the root group as scalars of their type: a {@code String} as a
 * fixed-length string (h5py reads it as {@code bytes}), an {@code Integer} as int32, a
 * {@code Long} as int64, a {@code Double} as float64, a {@code Boolean} as a one-byte 0 or 1
 * (h5py reads {@code numpy.uint8}), and a {@code double[]} as a float64 vector.
 *
 * <p>Notes. The 2-D datasets are the transpose of {@link SurfaceTable}'s [i][j]: row j holds
 * β = y[j], column i holds α = x[i], so {@code train_loss[j][i]} is the value at (x[i], y[j]).
 * That is the shape of {@code numpy.meshgrid(x, y)}, which is how the reference enumerates its
 * points (flat index j·nx + i) and how its {@code plot_2D.py} draws them, with
 * {@code contour(X, Y, Z)} on {@code X, Y = meshgrid(x, y)}. Losscape's own point index
 * i · ny + j, and the CSV, JSON and VTP exports, are not transposed.
 *
 * <p>jHDF (pure Java) writes contiguous, uncompressed datasets; h5py reads them as they are.
 */
final class Hdf5Writer {

    private Hdf5Writer() {}

    static void write(SurfaceTable table, Map<String, Object> attributes, Path file) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("xcoordinates", table.xcoordinates());
            if (!table.isOneDimensional()) {
                hdf.putDataset("ycoordinates", table.ycoordinates());
            }
            put(hdf, "train_loss", table, table.trainLoss());
            put(hdf, "train_acc", table, table.trainAccuracy());
            if (table.hasTest()) {
                put(hdf, "test_loss", table, table.testLoss());
                put(hdf, "test_acc", table, table.testAccuracy());
            }
            if (table.hasTrajectory()) {
                putTrajectory(hdf, table.trajectory());
            }
            attributes.forEach(hdf::putAttribute);
        }
    }

    private static void putTrajectory(WritableHdfFile hdf, TrajectoryTable path) {
        if (path.explainedVariance().length > 0) {
            hdf.putDataset("explained_variance_ratio_", path.explainedVariance());
        }
        hdf.putDataset("proj_xcoord", path.x());
        hdf.putDataset("proj_ycoord", path.y());
        hdf.putDataset("proj_epochs", path.epochs());
        hdf.putDataset("proj_residual", path.residual());
        hdf.putDataset("proj_true_loss", path.loss());
        hdf.putDataset("proj_true_acc", path.accuracy());
    }

    /** Writes {@code values} [nx][ny] as [nx] on a 1-D surface, else as [ny][nx]. */
    private static void put(WritableHdfFile hdf, String name, SurfaceTable table,
            double[][] values) {
        if (table.isOneDimensional()) {
            double[] column = new double[table.nx()];
            for (int i = 0; i < column.length; i++) {
                column[i] = values[i][0];
            }
            hdf.putDataset(name, column);
        } else {
            hdf.putDataset(name, transposed(values, table.nx(), table.ny()));
        }
    }

    private static double[][] transposed(double[][] values, int nx, int ny) {
        double[][] rows = new double[ny][nx];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                rows[j][i] = values[i][j];
            }
        }
        return rows;
    }
}
