package org.losscape.messages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The size of a chunk's values on the wire: they travel as one Kafka record, and a record over
 * the broker's limit can never be published (the worker would dead-letter the chunk).
 */
class ChunkValuesTest {

    /** Kafka's default {@code max.request.size} of a producer (1 MiB). */
    private static final int DEFAULT_RECORD_BYTES = 1_048_576;

    /** The longest form of a double in Java: 17 significant digits and a 3-digit exponent. */
    private static final double LONGEST_DOUBLE = -2.2250738585072014E-308;

    @Test
    void pointValue_longestNumbersAndNonFiniteLoss_fitTheStatedBound() {
        List<PointValue> longest = List.of(
                longestPoint(LONGEST_DOUBLE),
                longestPoint(Double.NEGATIVE_INFINITY),
                longestPoint(Double.NaN));

        for (PointValue point : longest) {
            int bytes = Json.toBytes(point).length + /* separating comma */ 1;
            assertTrue(bytes <= ChunkValues.MAX_POINT_JSON_BYTES,
                    bytes + " bytes for " + Json.toJson(point));
        }
        assertTrue(Json.toBytes(longest.get(0)).length + 1 == ChunkValues.MAX_POINT_JSON_BYTES,
                "the bound is the longest point, not a guess: " + Json.toJson(longest.get(0)));
    }

    /** 100,000 random bit patterns: no double prints longer than the one the bound assumes. */
    @Test
    void pointValue_randomDoubles_neverLongerThanTheStatedBound() {
        SplittableRandom random = new SplittableRandom(7);
        int longest = 0;

        for (int k = 0; k < 100_000; k++) {
            double value = Double.longBitsToDouble(random.nextLong());
            longest = Math.max(longest, Json.toBytes(longestPoint(value)).length + 1);
        }

        assertTrue(longest <= ChunkValues.MAX_POINT_JSON_BYTES, longest + " bytes");
    }

    /**
     * The largest chunk of the longest points, with the longest ids a surface and a worker can
     * have, stays under a fifth of Kafka's default record size.
     */
    @Test
    void chunkValues_maxPointsOfTheLongestPoints_fitInAFifthOfTheDefaultRecord() {
        String surfaceId = "auto-" + "r".repeat(200) + "-epoch-0300";
        String worker = "h".repeat(253) + ":4194304";
        List<PointValue> points = new ArrayList<>(
                Collections.nCopies(SurfaceChunk.MAX_POINTS, longestPoint(LONGEST_DOUBLE)));
        ChunkValues values = new ChunkValues(
                surfaceId, Integer.MIN_VALUE, worker, LONGEST_DOUBLE, points);

        int bytes = Json.toBytes(values).length;

        assertTrue(bytes <= DEFAULT_RECORD_BYTES / 5,
                bytes + " bytes for " + SurfaceChunk.MAX_POINTS + " points");
    }

    private static PointValue longestPoint(double value) {
        return new PointValue(Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE,
                value, value, value, value);
    }
}
