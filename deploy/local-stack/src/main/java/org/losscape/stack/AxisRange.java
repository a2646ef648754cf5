package org.losscape.stack;

/**
 * The range of one grid axis given on the command line as {@code MIN:MAX}, in the axis's own
 * units (for a PCA plane, distances in parameter space along a unit-norm direction).
 *
 * @param min the first coordinate, finite, at least −{@link Flags#MAX_COORDINATE}
 * @param max the last coordinate, greater than {@code min}, at most {@link Flags#MAX_COORDINATE}
 */
record AxisRange(double min, double max) {

    /**
     * The range that {@code flag} gives as {@code value}, or null when the flag is absent.
     *
     * @throws StackException naming the flag, the value and the allowed form and bounds, for a
     *     value that is not two numbers joined by ':', a non-finite or out-of-bounds number, or
     *     a MIN that is not below MAX
     */
    static AxisRange parse(String flag, String value) {
        if (value == null) {
            return null;
        }

        String[] parts = value.split(":", -1);
        if (parts.length != 2) {
            throw refused(flag, value, "give one ':' between MIN and MAX");
        }
        double min = coordinate(flag, value, parts[0]);
        double max = coordinate(flag, value, parts[1]);
        if (!(min < max)) {
            throw refused(flag, value, "MIN (" + min + ") is not below MAX (" + max + ")");
        }
        return new AxisRange(min, max);
    }

    private static double coordinate(String flag, String value, String part) {
        double coordinate;
        try {
            coordinate = Double.parseDouble(part);
        } catch (NumberFormatException e) {
            throw refused(flag, value, "'" + part + "' is not a number");
        }

        if (!Double.isFinite(coordinate)) {
            throw refused(flag, value, coordinate + " is not finite");
        }
        if (Math.abs(coordinate) > Flags.MAX_COORDINATE) {
            throw refused(flag, value, coordinate + " is beyond ±1e6");
        }
        return coordinate;
    }

    private static StackException refused(String flag, String value, String problem) {
        return new StackException(flag + " (" + value + ") must be MIN:MAX with -1e6 <= MIN"
                + " < MAX <= 1e6, e.g. -10:10; " + problem);
    }
}
