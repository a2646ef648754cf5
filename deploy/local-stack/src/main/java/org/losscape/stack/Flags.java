package org.losscape.stack;

import org.losscape.model.ModelSpec;

/**
 * Checks of flag values that the services would refuse only after the stack has started or a
 * network has trained: each names the flag, shows the value and the allowed range.
 */
final class Flags {

    /**
     * The largest |coordinate| of a grid, as the projection service allows it: beyond, the
     * steps of a grid lose their meaning in the float32 arithmetic of the weights.
     */
    static final double MAX_COORDINATE = 1e6;

    private Flags() {}

    /** {@code value} as a network the trainer builds. */
    static void requireModel(String flag, String value) {
        try {
            ModelSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new StackException(flag + " (" + value + ") must be one of " + ModelSpec.NAMES
                    + ", or resnet<6n+2> for n in [1, 18], optionally with -noskip");
        }
    }

    /** {@code value} in [min, max]. */
    static void requireIn(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new StackException(flag + " (" + value + ") must be in [" + min + ", " + max
                    + "]");
        }
    }

    /** A half-width of a grid: finite, > 0 and at most {@link #MAX_COORDINATE}. */
    static void requireRange(String flag, double value) {
        if (!(value > 0 && value <= MAX_COORDINATE)) {
            throw new StackException(flag + " (" + value + ") must be in (0, 1e6]");
        }
    }
}
