package org.losscape.messages;

/**
 * Loss and accuracy at one grid point. {@code loss} is the mean cross-entropy over the
 * evaluation set and may be NaN or infinite where the network diverges; that is data, kept as
 * it is. {@code accuracy} is a fraction in [0, 1].
 */
public record PointValue(
        int index, int i, int j, double alpha, double beta, double loss, double accuracy) {}
