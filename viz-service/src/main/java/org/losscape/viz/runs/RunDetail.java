package org.losscape.viz.runs;

import java.util.List;

/** A run with its whole metric history, ordered by epoch (0 = initialization first). */
public record RunDetail(RunSummary summary, List<EpochRecord> history) {}
