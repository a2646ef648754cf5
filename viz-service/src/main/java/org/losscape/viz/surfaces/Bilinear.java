package org.losscape.viz.surfaces;

import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;

/**
 * The value of a surface between its grid nodes by bilinear interpolation, as a contour plot
 * reads it: at (α, β) inside the cell with corners (i, j) … (i + 1, j + 1),
 * {@code (1−s)(1−t)·v[i][j] + s(1−t)·v[i+1][j] + (1−s)t·v[i][j+1] + st·v[i+1][j+1]} with s and
 * t the fractions of the cell's width and height. Exact for any function a + bα + cβ + dαβ.
 *
 * <p>Outside the grid's rectangle (no extrapolation) the value is undefined: null. A corner of
 * zero weight is not read, so a point on a node needs that node alone and a point on a cell
 * edge its two ends; a position within {@link #SNAP} cells of a node counts as on it, so that
 * the rounding of a coordinate never pulls in a neighbour. A corner of positive weight that has
 * not been received makes the value null (not computed yet); a non-finite one makes it
 * non-finite (NaN or ±∞ by IEEE arithmetic), since a diverged corner is data.
 *
 * <p>An axis with a single point covers only its coordinate.
 */
final class Bilinear {

    /** Distance from a node, in cells, below which a position is on the node. */
    static final double SNAP = 1e-9;

    private Bilinear() {}

    /** Where a coordinate falls on an axis: nodes {@code low} and {@code low + 1}, fraction. */
    private record Bracket(int low, double fraction) {}

    /** Whether (α, β) lies in the grid's rectangle, borders included. */
    static boolean covers(GridSpec grid, double alpha, double beta) {
        return bracket(grid.x(), alpha) != null && bracket(grid.y(), beta) != null;
    }

    /**
     * The interpolated value at (α, β), or null outside the grid or when a corner it needs has
     * not been received.
     *
     * @param known whether grid index {@code i * y.points + j} has a value
     * @param value the value at a known grid index
     */
    static Double at(
            GridSpec grid,
            double alpha,
            double beta,
            IntPredicate known,
            IntToDoubleFunction value) {
        Bracket bx = bracket(grid.x(), alpha);
        Bracket by = bracket(grid.y(), beta);
        if (bx == null || by == null) {
            return null;
        }

        int yPoints = grid.y().points();
        double sum = 0;
        for (int di = 0; di <= 1; di++) {
            double wx = di == 0 ? 1 - bx.fraction() : bx.fraction();
            for (int dj = 0; dj <= 1; dj++) {
                double weight = wx * (dj == 0 ? 1 - by.fraction() : by.fraction());
                if (weight == 0) {
                    continue;
                }
                int index = (bx.low() + di) * yPoints + by.low() + dj;
                if (!known.test(index)) {
                    return null;
                }
                sum += weight * value.applyAsDouble(index);
            }
        }
        return sum;
    }

    /** The cell of {@code axis} holding {@code v}; null if {@code v} is off the axis. */
    private static Bracket bracket(Axis axis, double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (axis.points() == 1) {
            return v == axis.min() ? new Bracket(0, 0) : null;
        }
        double lo = Math.min(axis.min(), axis.max());
        double hi = Math.max(axis.min(), axis.max());
        if (v < lo || v > hi) {
            return null;
        }

        double position = (v - axis.min()) / (axis.max() - axis.min()) * (axis.points() - 1);
        double nearest = Math.rint(position);
        if (Math.abs(position - nearest) < SNAP) {
            position = nearest;
        }
        int low = Math.min((int) Math.floor(position), axis.points() - 2);
        return new Bracket(low, position - low);
    }
}
