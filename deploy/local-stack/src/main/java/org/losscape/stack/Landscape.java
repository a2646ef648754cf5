package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A surface's values as arrays, with the few measures the commands print: {@code loss[i][j]}
 * and {@code accuracy[i][j]} belong to α = {@code x[i]} (direction 1) and β = {@code y[j]}
 * (direction 2); a line (an interpolation, a 1-D scan) has one β. A point not received and a
 * non-finite loss are NaN here, and every measure skips or propagates them as it says.
 */
record Landscape(double[] x, double[] y, double[][] loss, double[][] accuracy) {

    /** Reads viz's {@code GET /api/surfaces/{id}/values} body. */
    static Landscape of(JsonNode values) {
        double[] x = numbers(values.path("xcoordinates"));
        double[] y = numbers(values.path("ycoordinates"));
        double[][] loss = new double[x.length][];
        double[][] accuracy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            loss[i] = numbers(values.path("loss").path(i));
            accuracy[i] = numbers(values.path("accuracy").path(i));
        }
        return new Landscape(x, y, loss, accuracy);
    }

    /** Index of the coordinate 0 (θ* or run A), or -1 when the axis does not hold it. */
    static int indexOf(double[] axis, double value) {
        for (int k = 0; k < axis.length; k++) {
            if (Math.abs(axis[k] - value) < 1e-9) {
                return k;
            }
        }
        return -1;
    }

    /** The smallest finite loss; NaN when there is none. */
    double minLoss() {
        double min = Double.NaN;
        for (double[] row : loss) {
            for (double value : row) {
                if (Double.isFinite(value) && !(value >= min)) {
                    min = value;
                }
            }
        }
        return min;
    }

    /** The largest finite loss; NaN when there is none. */
    double maxLoss() {
        double max = Double.NaN;
        for (double[] row : loss) {
            for (double value : row) {
                if (Double.isFinite(value) && !(value <= max)) {
                    max = value;
                }
            }
        }
        return max;
    }

    /**
     * The second derivative of the loss along α at grid point (i, j), by the three-point
     * difference that allows unequal steps h₋ and h₊:
     * 2·(h₋·L₊ − (h₋+h₊)·L₀ + h₊·L₋) / (h₋·h₊·(h₋+h₊)).
     * Per unit of α squared; NaN at an end of the axis or when a neighbour is NaN.
     */
    double curvatureAlongX(int i, int j) {
        if (i < 1 || i >= x.length - 1) {
            return Double.NaN;
        }
        double before = x[i] - x[i - 1];
        double after = x[i + 1] - x[i];
        return 2 * (before * loss[i + 1][j] - (before + after) * loss[i][j]
                + after * loss[i - 1][j]) / (before * after * (before + after));
    }

    /** {@link #curvatureAlongX} along β. */
    double curvatureAlongY(int i, int j) {
        if (j < 1 || j >= y.length - 1) {
            return Double.NaN;
        }
        double before = y[j] - y[j - 1];
        double after = y[j + 1] - y[j];
        return 2 * (before * loss[i][j + 1] - (before + after) * loss[i][j]
                + after * loss[i][j - 1]) / (before * after * (before + after));
    }

    /**
     * The share of interior grid points where the surface is not convex: the 2×2 Hessian of
     * the loss in the plane, by central differences, has a negative eigenvalue there. That
     * Hessian is the full Hessian restricted to the plane, so a point counted here is
     * non-convex in weight space too (Li et al. 2018, section 6, map |λmin/λmax| of the full
     * one). Points with a NaN neighbour are left out; NaN when no interior point is left.
     */
    double nonConvexShare() {
        int nonConvex = 0;
        int counted = 0;
        for (int i = 1; i < x.length - 1; i++) {
            for (int j = 1; j < y.length - 1; j++) {
                double xx = curvatureAlongX(i, j);
                double yy = curvatureAlongY(i, j);
                double xy = (loss[i + 1][j + 1] - loss[i + 1][j - 1] - loss[i - 1][j + 1]
                        + loss[i - 1][j - 1]) / ((x[i + 1] - x[i - 1]) * (y[j + 1] - y[j - 1]));
                double smallest = (xx + yy) / 2 - Math.hypot((xx - yy) / 2, xy);
                if (Double.isFinite(smallest)) {
                    counted++;
                    nonConvex += smallest < 0 ? 1 : 0;
                }
            }
        }
        return counted == 0 ? Double.NaN : (double) nonConvex / counted;
    }

    /**
     * The share of grid points whose loss is at most {@code rise} above the loss at (i, j): the
     * area of the basin around that point at that level, as a fraction of the plotted plane.
     * NaN points count as above; NaN when the loss at (i, j) is NaN.
     */
    double shareWithin(int i, int j, double rise) {
        double level = loss[i][j] + rise;
        int below = 0;
        int total = 0;
        for (double[] row : loss) {
            for (double value : row) {
                total++;
                below += value <= level ? 1 : 0;
            }
        }
        return Double.isNaN(level) ? Double.NaN : (double) below / total;
    }

    /**
     * How far along α from x[i] (towards larger α when {@code step} is +1, smaller when -1) the
     * loss stays at most {@code rise} above its value there, interpolated linearly between
     * grid points: the half-width of the valley at that level. +∞ when it never rises that
     * much before the grid ends; NaN when a value on the way is NaN.
     */
    double reachAlongX(int i, int j, double rise, int step) {
        double level = loss[i][j] + rise;
        for (int k = i + step; k >= 0 && k < x.length; k += step) {
            double previous = loss[k - step][j];
            double current = loss[k][j];
            if (Double.isNaN(current) || Double.isNaN(level)) {
                return Double.NaN;
            }
            if (current > level) {
                double fraction = (level - previous) / (current - previous);
                return Math.abs(x[k - step] + fraction * (x[k] - x[k - step]) - x[i]);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * The index of the first point from x[i] along α (towards larger α when {@code step} is +1,
     * smaller when -1) whose loss is NaN, -1 when there is none before the grid ends.
     */
    int firstNaNAlongX(int i, int j, int step) {
        for (int k = i + step; k >= 0 && k < x.length; k += step) {
            if (Double.isNaN(loss[k][j])) {
                return k;
            }
        }
        return -1;
    }

    /** The number of points whose loss is NaN or ±∞ (or not received). */
    int nonFiniteCount() {
        int count = 0;
        for (double[] row : loss) {
            for (double value : row) {
                count += Double.isFinite(value) ? 0 : 1;
            }
        }
        return count;
    }

    private static double[] numbers(JsonNode array) {
        double[] numbers = new double[array.size()];
        for (int k = 0; k < numbers.length; k++) {
            JsonNode value = array.get(k);
            // null is a point not received yet; "NaN" and "±Infinity" arrive as strings.
            numbers[k] = value == null || value.isNull() ? Double.NaN : value.asDouble();
        }
        return numbers;
    }
}
