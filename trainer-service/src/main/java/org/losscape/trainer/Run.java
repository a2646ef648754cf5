package org.losscape.trainer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.losscape.messages.EpochMetrics;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingProgress;

/**
 * The live state of one run: written by the worker thread, read by REST threads through
 * {@link #view()} snapshots.
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

    synchronized void started() {
        state = RunState.RUNNING;
        startedAt = Instant.now();
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

    synchronized RunView view() {
        return new RunView(id, state, config, RunView.Work.of(config), autoSurface,
                Math.max(0, metrics.size() - 1), List.copyOf(metrics), List.copyOf(checkpoints),
                progress, error, createdAt, startedAt, finishedAt);
    }
}
