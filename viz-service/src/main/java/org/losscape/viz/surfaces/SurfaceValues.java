package org.losscape.viz.surfaces;

/**
 * The values of a surface as arrays, the body of {@code GET /api/surfaces/{id}/values} and of
 * the archived {@code values.json}.
 *
 * <p>{@code loss[i][j]} and {@code accuracy[i][j]} belong to α = {@code xcoordinates[i]}
 * (direction 1) and β = {@code ycoordinates[j]} (direction 2): shape
 * {@code [x.points][y.points]}, the grid's row-major index order. A point not received yet is
 * null. A non-finite loss is kept and written as the string {@code "NaN"}, {@code "Infinity"}
 * or {@code "-Infinity"} (JSON has no literal for them).
 */
public record SurfaceValues(
        String surfaceId,
        double[] xcoordinates,
        double[] ycoordinates,
        Double[][] loss,
        Double[][] accuracy,
        int pointsDone,
        int pointsTotal) {}
