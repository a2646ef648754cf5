package org.losscape.messages;

import java.time.Instant;

/**
 * Published by the trainer after a checkpoint is in the object store. Epoch 0 is the
 * initialization; epoch {@code epochs} is the final network, and that event has
 * {@code last == true}.
 *
 * @param checkpointKey object key of the parameters, see {@code ObjectKeys#checkpoint}
 */
public record CheckpointEvent(
        String runId,
        String model,
        String dataset,
        int epoch,
        int epochs,
        String checkpointKey,
        EpochMetrics metrics,
        boolean last,
        Instant createdAt) {}
