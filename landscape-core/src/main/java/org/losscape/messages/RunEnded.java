package org.losscape.messages;

import java.time.Instant;
import java.util.Set;

/**
 * Published by the trainer once a run has ended, whatever the ending: finished, failed or
 * cancelled. The checkpoints topic alone cannot tell a failed or cancelled run from one still
 * training, since such a run's events simply stop.
 *
 * <p>The trainer writes the run's final {@code run.json} before this event, and a run that
 * ends {@link #DONE} has published its final ({@code last}) {@link CheckpointEvent} before it;
 * a consumer of both topics may still see this event first, as the two are read apart.
 *
 * @param state {@link #DONE}, {@link #FAILED} or {@link #CANCELLED}
 * @param error why the run failed, as the trainer's {@code GET /runs/{id}} shows it; null
 *     unless the state is {@link #FAILED}
 * @param lastEpoch the last epoch whose checkpoint and {@link CheckpointEvent} were published
 *     (0 = the initialization); null when the run ended before publishing any, such as a run
 *     cancelled while queued or one that failed before its initialization was stored
 * @param epochs the epochs the run was configured for
 * @param endedAt when the run reached its final state
 */
public record RunEnded(
        String runId,
        String state,
        String error,
        Integer lastEpoch,
        String model,
        String dataset,
        int epochs,
        Instant endedAt) {

    /** The run trained every epoch and published its final checkpoint. */
    public static final String DONE = "DONE";

    /** The run stopped on an error (see {@code error}). */
    public static final String FAILED = "FAILED";

    /** The run was cancelled on request, while queued or between training steps. */
    public static final String CANCELLED = "CANCELLED";

    /** Every value of {@code state}. */
    public static final Set<String> STATES = Set.of(DONE, FAILED, CANCELLED);
}
