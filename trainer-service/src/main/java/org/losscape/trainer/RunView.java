package org.losscape.trainer;

import java.time.Instant;
import java.util.List;
import org.losscape.messages.EpochMetrics;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingProgress;

/**
 * A run as {@code GET /runs/{id}} shows it and as {@code runs/{id}/run.json} stores it.
 *
 * @param work what the whole run computes, from its configuration: how big it is before it
 *     starts (the time it takes shows in {@code progress} once it trains)
 * @param autoSurface the request's {@code autoSurface}: null when it left the choice of an
 *     auto surface of the final checkpoint to the projection service
 * @param epochsDone training epochs whose checkpoint is published (0 once the initialization
 *     is, and also before)
 * @param metrics one entry per published checkpoint, index = epoch (0 = initialization); losses
 *     may be "NaN" or "Infinity" for a diverged run
 * @param checkpoints the object keys of the published checkpoints, index = epoch
 * @param progress the last training step, while RUNNING; null otherwise
 * @param error why the run FAILED; null otherwise
 * @param cancelRequestedAt when a cancel was asked for; null if never. A RUNNING run with it
 *     stops before its next step
 */
public record RunView(
        String id,
        RunState state,
        TrainingConfig config,
        Work work,
        Boolean autoSurface,
        int epochsDone,
        List<EpochMetrics> metrics,
        List<String> checkpoints,
        TrainingProgress progress,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant cancelRequestedAt,
        Instant finishedAt) {

    /**
     * The size of a whole run.
     *
     * @param steps SGD steps: epochs × ⌈trainSize / batchSize⌉
     * @param trainingImages images trained on (with their backward pass): epochs × trainSize
     * @param evaluatedImages images evaluated in eval mode for the metrics, forward only:
     *     (epochs + 1) × (trainSize + testSize), epoch 0 included
     */
    public record Work(long steps, long trainingImages, long evaluatedImages) {

        static Work of(TrainingConfig config) {
            long epochs = config.epochs();
            return new Work(epochs * config.batchesPerEpoch(), epochs * config.trainSize(),
                    (epochs + 1) * (config.trainSize() + config.testSize()));
        }
    }
}
