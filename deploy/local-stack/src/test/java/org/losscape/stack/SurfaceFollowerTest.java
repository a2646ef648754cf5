package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress lines printed while surfaces are evaluated. */
class SurfaceFollowerTest {

    @Test
    void describeProgress_withARate_givesTheRateAndTheTimeLeft() {
        assertEquals("surface 20/441 points (5%), 1.19 points/s, 5:53 left",
                SurfaceFollower.describeProgress(1, 20, 441, 1.19));
        assertEquals("2 surfaces 41/82 points (50%), 0.50 points/s, 1:22 left",
                SurfaceFollower.describeProgress(2, 41, 82, 0.5));
    }

    /** This printed "?, points/s, ? left". */
    @Test
    void describeProgress_beforeARateIsKnown_saysSoWithoutATimeLeft() {
        assertEquals("surface 0/441 points (0%), rate not known yet",
                SurfaceFollower.describeProgress(1, 0, 441, Double.NaN));
        assertEquals("surface 4/441 points (1%), rate not known yet",
                SurfaceFollower.describeProgress(1, 4, 441, 0));
    }
}
