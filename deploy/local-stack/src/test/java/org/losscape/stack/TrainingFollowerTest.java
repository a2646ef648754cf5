package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the training lines print what the trainer reports. */
class TrainingFollowerTest {

    @Test
    void rate_afterTenfoldDrops_printsWithoutFloatingPointNoise() {
        assertEquals("0.1", TrainingFollower.rate(0.1));
        assertEquals("0.01", TrainingFollower.rate(0.1 * 0.1));
        assertEquals("0.001", TrainingFollower.rate(0.1 * 0.1 * 0.1));
        assertEquals("0.0001", TrainingFollower.rate(1e-4));
        assertEquals("0.0123457", TrainingFollower.rate(0.012345678));
    }
}
