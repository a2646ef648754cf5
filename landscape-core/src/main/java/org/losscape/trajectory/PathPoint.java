package org.losscape.trajectory;

/**
 * One checkpoint of a training path placed in the PCA plane.
 *
 * <p>{@code x} and {@code y} are the coordinates of θ_i − θ_n along the plane's first and
 * second direction, in the directions' own units (both directions have unit Euclidean norm over
 * the selected parameters, so a coordinate is a distance in parameter space). {@code residual}
 * is the Euclidean distance from θ_i to the plane θ_n + span(d1, d2), same units. The final
 * checkpoint sits at (0, 0) with residual 0.
 *
 * @param checkpoint position of the checkpoint in the input list (0 = first)
 */
public record PathPoint(int checkpoint, double x, double y, double residual) {}
