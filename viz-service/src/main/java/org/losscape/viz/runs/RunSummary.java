package org.losscape.viz.runs;

import java.time.Instant;
import org.losscape.messages.EpochMetrics;

/**
 * What the run list shows of a training run.
 *
 * @param model from the run's checkpoint events, or from its end while none has arrived; so
 *     are {@code dataset} and {@code epochs}
 * @param epochsDone the highest epoch whose checkpoint has arrived (0 = only the
 *     initialization); null while none has
 * @param state {@code training} until the run's end or its checkpoint marked last arrives;
 *     then {@code finished}, {@code failed} or {@code cancelled}, as its end says
 * @param error why the run failed, as the trainer put it; null unless {@code failed}
 * @param lastEpoch the last epoch whose checkpoint the trainer had stored when the run ended
 *     (it may differ from {@code epochsDone} while checkpoint events are still arriving, or
 *     once the topic's retention dropped some); null while the run has not ended, when it
 *     ended before storing any, or when its end came as a last checkpoint only
 * @param endedAt when the trainer ended the run; null as for {@code lastEpoch}
 * @param latest metrics of epoch {@code epochsDone}; losses may be NaN or infinite; null while
 *     no checkpoint has arrived
 * @param checkpoints number of distinct checkpoints received
 * @param updatedAt when the latest of the run's checkpoint and end records was sent (their Kafka
 *     timestamps), so a replay after a restart gives the same time and the same run order
 */
public record RunSummary(
        String runId,
        String model,
        String dataset,
        int epochs,
        Integer epochsDone,
        String state,
        String error,
        Integer lastEpoch,
        Instant endedAt,
        EpochMetrics latest,
        int checkpoints,
        Instant updatedAt) {}
