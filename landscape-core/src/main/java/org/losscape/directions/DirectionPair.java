package org.losscape.directions;

import org.losscape.weights.ParameterTensors;

/**
 * The two directions of a surface: {@code x} along α and {@code y} along β, drawn one after the
 * other from one seeded generator.
 */
public record DirectionPair(ParameterTensors x, ParameterTensors y) {

    /** Cosine of the angle between the two; near 0 for networks of many parameters. */
    public double cosine() {
        return Directions.cosine(x, y);
    }
}
