package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
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

    @Test
    void nearChanceWarning_accuracyBelowOneAndAHalfTimesChance_namesTheRunAndTheFlags() {
        assertEquals(Optional.of("resnet56-noskip: test accuracy 10.9% is near chance (10.0%):"
                        + " its surface is that of a network that has barely learned; more epochs"
                        + " or images (--epochs, --train-size) train it further"),
                TrainingFollower.nearChanceWarning("resnet56-noskip", 0.109));
    }

    @Test
    void nearChanceWarning_trainedOrUnmeasuredRun_saysNothing() {
        assertEquals(Optional.empty(), TrainingFollower.nearChanceWarning("resnet56", 0.15));
        assertEquals(Optional.empty(), TrainingFollower.nearChanceWarning("resnet56", 0.466));
        assertEquals(Optional.empty(),
                TrainingFollower.nearChanceWarning("resnet56", Double.NaN));
    }

    /** A run cancelled by hand never becomes DONE: following it must end, not poll forever. */
    @Test
    void requireNotStopped_cancelledRun_throwsSayingCancelledAndWhatStays() {
        JsonNode run = Json.fromJson("{\"state\": \"CANCELLED\", \"checkpoints\": [\"a\", \"b\"]}",
                JsonNode.class);

        StackException stopped = assertThrows(StackException.class,
                () -> TrainingFollower.requireNotStopped("run-1", run));

        assertEquals("training run run-1 was cancelled; its 2 published checkpoints stay under"
                + " runs/run-1/", stopped.getMessage());
    }

    @Test
    void requireNotStopped_runningRun_returns() {
        JsonNode run = Json.fromJson("{\"state\": \"RUNNING\"}", JsonNode.class);

        assertDoesNotThrow(() -> TrainingFollower.requireNotStopped("run-1", run));
    }

    @Test
    void describeProgress_epochOfOneBatchBeingEvaluated_saysBatchInTheSingular() {
        ObjectNode progress = JsonNodeFactory.instance.objectNode()
                .put("epoch", 2).put("epochs", 3).put("batch", 1).put("batches", 1)
                .put("etaSeconds", 16.2);

        assertEquals("training epoch 2/3: 1 batch done, evaluating it on the training and test"
                + " images; 0:16 of training left", TrainingFollower.describeProgress(progress));
    }

    /** This said "0:00 of training left" while the last epoch was evaluated. */
    @Test
    void describeProgress_lastEpochBeingEvaluated_saysNoTimeLeft() {
        ObjectNode progress = JsonNodeFactory.instance.objectNode()
                .put("epoch", 3).put("epochs", 3).put("batch", 79).put("batches", 79)
                .put("etaSeconds", 0.0);

        assertEquals("training epoch 3/3: 79 batches done, evaluating it on the training and"
                + " test images", TrainingFollower.describeProgress(progress));
    }
}
