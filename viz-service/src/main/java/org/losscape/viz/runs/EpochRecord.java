package org.losscape.viz.runs;

import java.time.Instant;
import org.losscape.messages.EpochMetrics;

/** One checkpoint of a run: its epoch (0 = initialization), metrics and object key. */
public record EpochRecord(
        int epoch, EpochMetrics metrics, String checkpointKey, Instant createdAt) {}
