package org.losscape.messages;

/**
 * One axis of a grid: {@code points} evenly spaced coordinates from {@code min} to {@code max},
 * both included. With one point the axis holds {@code min} alone. Coordinates are step sizes
 * along a direction, in units of that direction's (normalized) length.
 */
public record Axis(double min, double max, int points) {

    /** The coordinate of point {@code k}, {@code 0 <= k < points}. */
    public double coordinate(int k) {
        if (points == 1) {
            return min;
        }
        return min + (max - min) * k / (points - 1);
    }
}
