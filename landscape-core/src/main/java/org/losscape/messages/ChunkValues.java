package org.losscape.messages;

import java.util.List;

/**
 * The evaluated points of one chunk. A chunk may be delivered and evaluated more than once;
 * consumers keep one value per point index.
 *
 * @param worker name of the worker that evaluated it (host name and pid)
 * @param seconds wall time spent evaluating the chunk
 */
public record ChunkValues(
        String surfaceId, int chunkIndex, String worker, double seconds, List<PointValue> points) {

    /**
     * The longest JSON of one {@link PointValue} in a list, separating comma included: three
     * ints of 11 characters ({@code -2147483648}), four doubles of 24
     * ({@code -2.2250738585072014E-308}; {@code "-Infinity"} is 11), the field names and
     * punctuation. Real points are shorter: about 140 bytes with full-precision doubles.
     */
    public static final int MAX_POINT_JSON_BYTES = 187;
}
