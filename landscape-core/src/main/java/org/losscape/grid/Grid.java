package org.losscape.grid;

import java.util.ArrayList;
import java.util.List;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;

/**
 * A validated grid of (α, β) points: {@code x.points} coordinates of α from {@code x.min} to
 * {@code x.max} (both included) times {@code y.points} of β. Point (i, j) has index
 * {@code i * y.points + j}, the row-major order of an {@code [x.points, y.points]} array.
 *
 * <p>Rules, checked on construction with messages that name the field: min and max finite and
 * within ±{@value #MAX_ABS_COORDINATE}; min &le; max, and min &lt; max unless the axis has one
 * point (then its coordinate is min); 1 to {@value #MAX_AXIS_POINTS} points per axis; at most
 * {@value #MAX_POINTS} points in all. Within those bounds every coordinate is finite.
 */
public final class Grid {

    public static final int MAX_AXIS_POINTS = 1001;
    public static final int MAX_POINTS = 1_000_000;

    /**
     * The largest |min| and |max| of an axis. Coordinates are steps along a direction as long
     * as θ's filters (or, for a PCA plane, distances in parameter space, a few hundred at most
     * for the networks here); no real view reaches a million. The bound keeps (max - min) and
     * every coordinate finite, where 1e308 would overflow to ±∞ and give NaN losses.
     */
    public static final double MAX_ABS_COORDINATE = 1e6;

    private final GridSpec spec;

    /** Validates {@code spec}; IllegalArgumentException naming the field if it is invalid. */
    public Grid(GridSpec spec) {
        validate(spec);
        this.spec = spec;
    }

    /** Same as the constructor. */
    public static Grid of(GridSpec spec) {
        return new Grid(spec);
    }

    /**
     * Throws IllegalArgumentException naming the first invalid field, e.g.
     * {@code grid.x.points (0) must be in [1, 1001]}.
     */
    public static void validate(GridSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("grid must be given");
        }
        validateAxis("grid.x", spec.x());
        validateAxis("grid.y", spec.y());
        long size = (long) spec.x().points() * spec.y().points();
        if (size > MAX_POINTS) {
            throw new IllegalArgumentException("grid size (" + size + " = "
                    + spec.x().points() + " × " + spec.y().points() + ") must be <= "
                    + MAX_POINTS);
        }
    }

    private static void validateAxis(String field, Axis axis) {
        if (axis == null) {
            throw new IllegalArgumentException(field + " must be given");
        }
        if (axis.points() < 1 || axis.points() > MAX_AXIS_POINTS) {
            throw new IllegalArgumentException(field + ".points (" + axis.points()
                    + ") must be in [1, " + MAX_AXIS_POINTS + "]");
        }
        validateCoordinate(field + ".min", axis.min());
        validateCoordinate(field + ".max", axis.max());
        if (axis.points() > 1 && !(axis.min() < axis.max())) {
            throw new IllegalArgumentException(field + ".min (" + axis.min() + ") must be < "
                    + field + ".max (" + axis.max() + ") when " + field + ".points > 1");
        }
        // One point sits at min and ignores max, but a reversed range is still a mistake.
        if (axis.min() > axis.max()) {
            throw new IllegalArgumentException(field + ".min (" + axis.min() + ") must be <= "
                    + field + ".max (" + axis.max() + ")");
        }
    }

    /**
     * Throws IllegalArgumentException naming {@code field} unless {@code value} is a finite
     * number within ±{@value #MAX_ABS_COORDINATE}, e.g.
     * {@code grid.x.min (-1.0E308) must be in [-1000000, 1000000]}.
     */
    public static void validateCoordinate(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " (" + value + ") must be finite");
        }
        if (Math.abs(value) > MAX_ABS_COORDINATE) {
            long limit = (long) MAX_ABS_COORDINATE;
            throw new IllegalArgumentException(field + " (" + value + ") must be in [-" + limit
                    + ", " + limit + "]");
        }
    }

    public GridSpec spec() {
        return spec;
    }

    /** Number of points, x.points × y.points. */
    public int size() {
        return spec.size();
    }

    /** The point with that index, {@code 0 <= index < size()}. */
    public GridPoint point(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(
                    "point index (" + index + ") must be in [0, " + size() + ")");
        }
        int i = index / spec.y().points();
        int j = index % spec.y().points();
        return new GridPoint(index, i, j, spec.x().coordinate(i), spec.y().coordinate(j));
    }

    /** The point at row i (α) and column j (β). */
    public GridPoint point(int i, int j) {
        if (i < 0 || i >= spec.x().points() || j < 0 || j >= spec.y().points()) {
            throw new IndexOutOfBoundsException("point (" + i + ", " + j + ") must be in [0, "
                    + spec.x().points() + ") × [0, " + spec.y().points() + ")");
        }
        return point(index(i, j));
    }

    /** {@code i * y.points + j}. */
    public int index(int i, int j) {
        return i * spec.y().points() + j;
    }

    /** The points with indices {@code first} to {@code first + count - 1}, in order. */
    public List<GridPoint> points(int first, int count) {
        if (first < 0 || count < 0 || (long) first + count > size()) {
            throw new IndexOutOfBoundsException("points [" + first + ", " + first + " + " + count
                    + ") must lie in [0, " + size() + ")");
        }
        List<GridPoint> points = new ArrayList<>(count);
        for (int index = first; index < first + count; index++) {
            points.add(point(index));
        }
        return points;
    }

    @Override
    public String toString() {
        return "Grid" + spec;
    }
}
