package org.losscape.viz.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.RunEnded;
import org.losscape.viz.events.LiveEvents;

/**
 * Every training run seen on the {@code checkpoints} or {@code run-states} topic, with its
 * per-epoch metrics and how it ended. Built in memory from a replay of both topics at each
 * start (see docs/decisions.md). Thread-safe.
 */
@ApplicationScoped
public class RunIndex {

    private final ConcurrentMap<String, RunHistory> runs = new ConcurrentHashMap<>();
    private final LiveEvents events;
    private final Clock clock;

    @Inject
    public RunIndex(LiveEvents events) {
        this(events, Clock.systemUTC());
    }

    RunIndex(LiveEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * Adds or replaces the checkpoint of {@code event}'s epoch, sent at {@code sentAt} (its
     * record's timestamp; null, for a record without one, is taken as now), and announces the
     * run.
     */
    public void record(CheckpointEvent event, Instant sentAt) {
        Instant time = sentAt == null ? clock.instant() : sentAt;
        RunHistory history = runs.compute(event.runId(), (runId, known) -> {
            // Recorded inside compute: a history is never listed before its first message.
            RunHistory run = known != null ? known : new RunHistory(runId);
            run.record(event, time);
            return run;
        });
        announce(history);
    }

    /**
     * Records how a run ended (a repeated end replaces the earlier one) and announces the run.
     * The run is listed from then on even if none of its checkpoints has arrived. {@code sentAt}
     * is as for {@link #record}.
     */
    public void ended(RunEnded event, Instant sentAt) {
        Instant time = sentAt == null ? clock.instant() : sentAt;
        RunHistory history = runs.compute(event.runId(), (runId, known) -> {
            RunHistory run = known != null ? known : new RunHistory(runId);
            run.ended(event, time);
            return run;
        });
        announce(history);
    }

    /**
     * Publishes the run as it is now. Two consumers (checkpoints, run-states) change a run at
     * once, so its snapshot is taken and published under its lock: otherwise a snapshot taken
     * before the other change could go out after it and leave clients on the older state.
     */
    private void announce(RunHistory history) {
        synchronized (history) {
            events.publish(LiveEvents.RUN, history.detail());
        }
    }

    /** Summaries, most recently updated first. */
    public List<RunSummary> summaries() {
        return runs.values().stream()
                .map(RunHistory::summary)
                .sorted(Comparator.comparing(RunSummary::updatedAt).reversed())
                .toList();
    }

    /** Runs with their histories, most recently updated first. */
    public List<RunDetail> details() {
        return runs.values().stream()
                .map(RunHistory::detail)
                .sorted(Comparator.comparing((RunDetail d) -> d.summary().updatedAt()).reversed())
                .toList();
    }

    public Optional<RunDetail> detail(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunHistory::detail);
    }
}
