package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the progress lines write counts and times. */
class ConsoleTest {

    /** The demo printed "1 epochs at batch 128". */
    @Test
    void count_one_isSingularAndOtherwisePlural() {
        assertEquals("1 epoch", Console.count(1, "epoch"));
        assertEquals("3 epochs", Console.count(3, "epoch"));
        assertEquals("0 epochs", Console.count(0, "epoch"));
        assertEquals("1 batch", Console.count(1, "batch", "batches"));
        assertEquals("79 batches", Console.count(79, "batch", "batches"));
    }

    @Test
    void clock_underAndOverAnHour_minutesOrHours() {
        assertEquals("0:16", Console.clock(16.2));
        assertEquals("5:58", Console.clock(358));
        assertEquals("1:00:05", Console.clock(3605));
    }
}
