package org.losscape.grid;

/**
 * One point of a {@link Grid}: {@code index = i * y.points + j}, α the step along direction 1
 * (x axis, index i) and β the step along direction 2 (y axis, index j).
 */
public record GridPoint(int index, int i, int j, double alpha, double beta) {}
