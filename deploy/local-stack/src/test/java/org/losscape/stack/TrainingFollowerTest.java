package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;

/** How the training lines print what the trainer reports, and which ends stop the following. */
class TrainingFollowerTest {

    @Test
    void rate_afterTenfoldDrops_printsWithoutFloatingPointNoise() {
        assertEquals("0.1", TrainingFollower.rate(0.1));
        assertEquals("0.01", TrainingFollower.rate(0.1 * 0.1));
        assertEquals("0.001", TrainingFollower.rate(0.1 * 0.1 * 0.1));
        assertEquals("0.0001", TrainingFollower.rate(1e-4));
        assertEquals("0.0123457", TrainingFollower.rate(0.012345678));
    }

    /** A run cancelled by hand never becomes DONE: following it must end, not poll forever. */
    @Test
    void requireNotStopped_cancelledRun_throwsSayingCancelledAndWhatStays() {
        JsonNode run = Json.fromJson("{\"state\": \"CANCELLED\", \"checkpoints\": [\"a\", \"b\"]}",
                JsonNode.class);

        StackException stopped = assertThrows(StackException.class,
                () -> TrainingFollower.requireNotStopped("run-1", run));

        assertEquals("training run run-1 was cancelled; its 2 published checkpoint(s) stay under"
                + " runs/run-1/", stopped.getMessage());
    }

    @Test
    void requireNotStopped_runningRun_returns() {
        JsonNode run = Json.fromJson("{\"state\": \"RUNNING\"}", JsonNode.class);

        assertDoesNotThrow(() -> TrainingFollower.requireNotStopped("run-1", run));
    }
}
