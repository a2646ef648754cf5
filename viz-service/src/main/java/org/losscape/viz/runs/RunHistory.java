package org.losscape.viz.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.losscape.messages.CheckpointEvent;

/**
 * The checkpoints of one run received so far, one per epoch: a replayed or duplicated event
 * replaces the record of its epoch. Thread-safe.
 */
final class RunHistory {

    private final String runId;
    private final TreeMap<Integer, EpochRecord> epochs = new TreeMap<>();
    private String model;
    private String dataset;
    private int plannedEpochs;
    private boolean finished;
    private Instant updatedAt;

    RunHistory(String runId) {
        this.runId = runId;
    }

    synchronized void record(CheckpointEvent event, Instant now) {
        model = event.model();
        dataset = event.dataset();
        plannedEpochs = event.epochs();
        finished |= event.last();
        updatedAt = now;

        epochs.put(
                event.epoch(),
                new EpochRecord(
                        event.epoch(), event.metrics(), event.checkpointKey(), event.createdAt()));
    }

    synchronized RunSummary summary() {
        Map.Entry<Integer, EpochRecord> latest = epochs.lastEntry();
        return new RunSummary(
                runId,
                model,
                dataset,
                plannedEpochs,
                latest.getKey(),
                finished ? "finished" : "training",
                latest.getValue().metrics(),
                epochs.size(),
                updatedAt);
    }

    synchronized RunDetail detail() {
        return new RunDetail(summary(), new ArrayList<>(epochs.values()));
    }
}
