package org.losscape.projection.runs;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the projection service knows of a training run: its model and data set, and the object
 * key of each stored checkpoint by epoch (0 = initialization).
 */
public record Run(
        String runId, String model, String dataset, NavigableMap<Integer, String> checkpoints) {

    public Run {
        checkpoints = Collections.unmodifiableNavigableMap(new TreeMap<>(checkpoints));
    }

    /** The latest stored epoch; -1 if none is stored yet. */
    public int lastEpoch() {
        return checkpoints.isEmpty() ? -1 : checkpoints.lastKey();
    }

    /** This run with the checkpoints of {@code other} added (and preferred on a tie). */
    Run merge(Run other) {
        NavigableMap<Integer, String> all = new TreeMap<>(checkpoints);
        all.putAll(other.checkpoints);
        return new Run(runId, other.model, other.dataset, all);
    }
}
