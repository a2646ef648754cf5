package org.losscape.trajectory;

import java.util.List;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;

/**
 * The default grid of a PCA plane: the bounding box of the projected path, padded on every side
 * by a fraction of the box's larger side.
 *
 * <p>Padding by the larger side (not each axis by its own span) keeps the second axis usable
 * when the path is nearly a line, which is the usual case: the first component tends to explain
 * most of the variance, and a box padded per axis would then be a thin strip.
 */
public final class PathBounds {

    /** Padding on each side as a fraction of the larger side of the path's bounding box. */
    public static final double DEFAULT_MARGIN = 0.2;

    private PathBounds() {}

    /**
     * A grid of {@code xPoints} × {@code yPoints} covering {@code path} with the given margin.
     *
     * @throws IllegalArgumentException naming the field if the path is empty, a point count is
     *     below 2, or the margin is negative or not finite
     */
    public static GridSpec coveringGrid(
            List<PathPoint> path, int xPoints, int yPoints, double margin) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path: must hold at least one point, got none");
        }
        requirePoints("x.points", xPoints);
        requirePoints("y.points", yPoints);
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException(
                    "margin: must be finite and >= 0, got " + margin);
        }

        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (PathPoint p : path) {
            xMin = Math.min(xMin, p.x());
            xMax = Math.max(xMax, p.x());
            yMin = Math.min(yMin, p.y());
            yMax = Math.max(yMax, p.y());
        }

        double span = Math.max(xMax - xMin, yMax - yMin);
        double pad = margin * span;
        return new GridSpec(
                axis(xMin, xMax, pad, span, xPoints), axis(yMin, yMax, pad, span, yPoints));
    }

    private static Axis axis(double min, double max, double pad, double span, int points) {
        if (max - min + 2 * pad > 0) {
            return new Axis(min - pad, max + pad, points);
        }
        // A flat axis still needs min < max for the grid's validation.
        double half = span > 0 ? 0.5 * span : 1.0;
        return new Axis(min - half, max + half, points);
    }

    private static void requirePoints(String field, int points) {
        if (points < 2) {
            throw new IllegalArgumentException(
                    field + ": a covering grid needs at least 2 points per axis, got " + points);
        }
    }
}
