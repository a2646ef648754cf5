package org.losscape.viz.surfaces;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a surface is: no point yet, some points, or every point of its grid. */
public enum SurfaceState {
    PLANNED,
    RUNNING,
    COMPLETE;

    /** The lower-case name used in JSON and query parameters. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a surface (or a group) with {@code done} of {@code total} points. */
    public static SurfaceState of(int done, int total) {
        if (done == 0) {
            return PLANNED;
        }
        return done == total ? COMPLETE : RUNNING;
    }

    /** The state labelled {@code label}; IllegalArgumentException naming the labels if none. */
    public static SurfaceState parse(String label) {
        for (SurfaceState state : values()) {
            if (state.label().equals(label)) {
                return state;
            }
        }
        throw new IllegalArgumentException(
                "state ('" + label + "') must be one of " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(SurfaceState::label).collect(Collectors.joining(", "));
    }
}
