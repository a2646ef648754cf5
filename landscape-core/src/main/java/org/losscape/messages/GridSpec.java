package org.losscape.messages;

/**
 * A rectangular grid of α along {@code x} (direction 1) and β along {@code y} (direction 2).
 * A 1-D scan has {@code y.points() == 1} with {@code y.min() == 0}.
 *
 * <p>Point {@code (i, j)} has index {@code i * y.points() + j}: the row-major order of a
 * {@code [x.points, y.points]} array, the layout of the reference HDF5 files.
 */
public record GridSpec(Axis x, Axis y) {

    public int size() {
        return x.points() * y.points();
    }
}
