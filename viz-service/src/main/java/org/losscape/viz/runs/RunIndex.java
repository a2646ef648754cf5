package org.losscape.viz.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.losscape.messages.CheckpointEvent;
import org.losscape.viz.events.LiveEvents;

/**
 * Every training run seen on the {@code checkpoints} topic, with its per-epoch metrics. Built
 * in memory from a replay of the topic at each start (see docs/decisions.md). Thread-safe.
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

    /** Adds or replaces the checkpoint of {@code event}'s epoch and announces the run. */
    public void record(CheckpointEvent event) {
        RunHistory history = runs.computeIfAbsent(event.runId(), RunHistory::new);
        history.record(event, clock.instant());

        events.publish(LiveEvents.RUN, history.detail());
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
