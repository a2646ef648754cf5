package org.losscape.trainer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.losscape.messages.EpochMetrics;
import org.losscape.messages.RunEnded;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingProgress;

/**
 * The live state of one run: written by the worker thread, read by REST threads through
 * {@link #view()} snapshots. A cancel request from a REST thread and the worker's start are
 * decided under the same lock, so a queued run either starts or is cancelled, never both.
 */
final class Run {

    private final String id;
    private final TrainingConfig config;
    private final Boolean autoSurface;
    private final Instant createdAt = Instant.now();
    private final List<EpochMetrics> metrics = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private RunState state = RunState.QUEUED;
    private TrainingProgress progress;
    private String error;
    private Instant startedAt;
    private Instant cancelRequestedAt;
    private Instant finishedAt;

    Run(String id, TrainingConfig config, Boolean autoSurface) {
        this.id = id;
        this.config = config;
        this.autoSurface = autoSurface;
    }

    String id() {
        return id;
    }

    TrainingConfig config() {
        return config;
    }

    /** What the request said about the auto surface; null when it said nothing. */
    Boolean autoSurface() {
        return autoSurface;
    }

    synchronized RunState state() {
        return state;
    }

    /** QUEUED becomes RUNNING; false, and nothing changes, if the run was cancelled. */
    synchronized boolean start() {
        if (state != RunState.QUEUED) {
            return false;
        }
        state = RunState.RUNNING;
        startedAt = Instant.now();
        return true;
    }

    /**
     * A cancel request: a QUEUED run is CANCELLED at once; a RUNNING one is marked, stays
     * RUNNING until the training loop sees the mark before its next step, and a repeated
     * request changes nothing.
     *
     * @return the state after the request, CANCELLED or RUNNING
     * @throws RunEndedException if the run is DONE, FAILED or CANCELLED
     */
    synchronized RunState cancel() {
        switch (state) {
            case QUEUED -> {
                cancelRequestedAt = Instant.now();
                state = RunState.CANCELLED;
                finishedAt = cancelRequestedAt;
            }
            case RUNNING -> {
                if (cancelRequestedAt == null) {
                    cancelRequestedAt = Instant.now();
                }
            }
            default -> throw new RunEndedException(id, state);
        }
        return state;
    }

    /** Whether someone asked to cancel the run; read by the training loop between steps. */
    synchronized boolean cancelRequested() {
        return cancelRequestedAt != null;
    }

    synchronized void progressed(TrainingProgress step) {
        progress = step;
    }

    synchronized void checkpointStored(EpochMetrics epochMetrics, String checkpointKey) {
        metrics.add(epochMetrics);
        checkpoints.add(checkpointKey);
    }

    synchronized void finished() {
        state = RunState.DONE;
        progress = null;
        finishedAt = Instant.now();
    }

    synchronized void failed(String reason) {
        state = RunState.FAILED;
        progress = null;
        error = reason;
        finishedAt = Instant.now();
    }

    /** A running run stopped on request; its published epochs stay as they are. */
    synchronized void cancelled() {
        state = RunState.CANCELLED;
        progress = null;
        finishedAt = Instant.now();
    }

    /**
     * The message announcing how the run ended, with the last epoch whose checkpoint is stored
     * (null if none is).
     *
     * @throws IllegalStateException if the run is QUEUED or RUNNING
     */
    synchronized RunEnded ended() {
        if (finishedAt == null) {
            throw new IllegalStateException("run (" + id + ") is " + state + ", not ended");
        }
        Integer lastEpoch = checkpoints.isEmpty() ? null : checkpoints.size() - 1;
        return new RunEnded(id, state.name(), error, lastEpoch, config.model(), config.dataset(),
                config.epochs(), finishedAt);
    }

    synchronized RunView view() {
        return new RunView(id, state, config, RunView.Work.of(config), autoSurface,
                Math.max(0, metrics.size() - 1), List.copyOf(metrics), List.copyOf(checkpoints),
                progress, error, createdAt, startedAt, cancelRequestedAt, finishedAt);
    }
}
