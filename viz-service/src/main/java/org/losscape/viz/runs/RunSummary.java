package org.losscape.viz.runs;

import java.time.Instant;
import org.losscape.messages.EpochMetrics;

/**
 * What the run list shows of a training run.
 *
 * @param epochsDone the highest epoch whose checkpoint has arrived (0 = only the initialization)
 * @param state {@code training} until the checkpoint marked last arrives, then {@code finished}
 * @param latest metrics of epoch {@code epochsDone}; losses may be NaN or infinite
 * @param checkpoints number of distinct checkpoints received
 */
public record RunSummary(
        String runId,
        String model,
        String dataset,
        int epochs,
        int epochsDone,
        String state,
        EpochMetrics latest,
        int checkpoints,
        Instant updatedAt) {}
