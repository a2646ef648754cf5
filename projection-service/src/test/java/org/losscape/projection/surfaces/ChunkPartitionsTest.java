package org.losscape.projection.surfaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where {@link SurfacePublisher} sends the chunks of a surface. */
class ChunkPartitionsTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 7", "3, 2", "3, 56", "4, 25", "12, 5", "12, 56", "12, 125000"})
    void partitionOf_oneSurface_countsDifferByAtMostOne(int partitions, int chunks) {
        for (String surfaceId : new String[] {"s-1", "auto-run-1-epoch-0300", "Aa", "BB"}) {
            int[] counts = new int[partitions];

            for (int c = 0; c < chunks; c++) {
                counts[SurfacePublisher.partitionOf(surfaceId, c, partitions)]++;
            }

            int max = Arrays.stream(counts).max().orElseThrow();
            int min = Arrays.stream(counts).min().orElseThrow();
            assertTrue(max - min <= 1, surfaceId + ": " + Arrays.toString(counts));
            assertEquals(chunks, Arrays.stream(counts).sum());
        }
    }

    /**
     * "surface-7f3a" has a negative hash code; "polygenelubricants" has Integer.MIN_VALUE,
     * whose absolute value overflows.
     */
    @ParameterizedTest
    @CsvSource({"surface-7f3a", "polygenelubricants", "run-b"})
    void partitionOf_anyHashCode_staysInRange(String surfaceId) {
        for (int c = 0; c < 20; c++) {
            int partition = SurfacePublisher.partitionOf(surfaceId, c, 7);

            assertTrue(partition >= 0 && partition < 7,
                    surfaceId + " chunk " + c + ": " + partition);
        }
    }

    /** A one-chunk surface would otherwise always go to partition 0, and so to one worker. */
    @Test
    void partitionOf_manySmallSurfaces_startOnEveryPartition() {
        Set<Integer> firsts = new HashSet<>();

        for (int s = 0; s < 200; s++) {
            firsts.add(SurfacePublisher.partitionOf("surface-" + s, 0, /* partitions= */ 12));
        }

        assertEquals(12, firsts.size(), "first chunks of 200 surfaces: " + firsts);
    }
}
