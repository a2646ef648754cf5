package org.losscape.viz.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.RunEnded;

/**
 * The checkpoints of one run received so far, one per epoch, and its end once that arrives:
 * a replayed or duplicated event replaces the record of its epoch, a repeated end replaces
 * the earlier one. The two come from different topics in no fixed order, so what the run
 * shows is computed from both whenever it is read: an end that arrives before any checkpoint
 * gives a run with no epochs yet, and the same messages give the same run in any order.
 * Thread-safe.
 */
final class RunHistory {

    private final String runId;
    private final TreeMap<Integer, EpochRecord> epochs = new TreeMap<>();
    private String model;
    private String dataset;
    private int plannedEpochs;
    private boolean lastArrived;
    private RunEnded ended;
    private Instant updatedAt;

    RunHistory(String runId) {
        this.runId = runId;
    }

    synchronized void record(CheckpointEvent event, Instant sentAt) {
        model = event.model();
        dataset = event.dataset();
        plannedEpochs = event.epochs();
        lastArrived |= event.last();
        noteChange(sentAt);

        epochs.put(
                event.epoch(),
                new EpochRecord(
                        event.epoch(), event.metrics(), event.checkpointKey(), event.createdAt()));
    }

    synchronized void ended(RunEnded event, Instant sentAt) {
        ended = event;
        noteChange(sentAt);
    }

    /**
     * The run changed with a message sent at {@code sentAt}. The latest time is kept, not the
     * last one read: the two topics are read in no fixed order, and a replay must give the same
     * {@code updatedAt}.
     */
    private void noteChange(Instant sentAt) {
        if (updatedAt == null || sentAt.isAfter(updatedAt)) {
            updatedAt = sentAt;
        }
    }

    synchronized RunSummary summary() {
        Map.Entry<Integer, EpochRecord> latest = epochs.lastEntry();
        boolean fromCheckpoints = latest != null;
        return new RunSummary(
                runId,
                fromCheckpoints ? model : ended.model(),
                fromCheckpoints ? dataset : ended.dataset(),
                fromCheckpoints ? plannedEpochs : ended.epochs(),
                fromCheckpoints ? latest.getKey() : null,
                state(),
                ended == null ? null : ended.error(),
                ended == null ? null : ended.lastEpoch(),
                ended == null ? null : ended.endedAt(),
                fromCheckpoints ? latest.getValue().metrics() : null,
                epochs.size(),
                updatedAt);
    }

    synchronized RunDetail detail() {
        return new RunDetail(summary(), new ArrayList<>(epochs.values()));
    }

    /** The end decides when it has arrived; a last checkpoint alone also means finished. */
    private String state() {
        if (ended != null) {
            return ended.state().equals(RunEnded.DONE)
                    ? "finished"
                    : ended.state().toLowerCase(Locale.ROOT);
        }
        return lastArrived ? "finished" : "training";
    }
}
