package org.losscape.viz.events;

import java.util.List;
import org.losscape.viz.runs.RunDetail;
import org.losscape.viz.surfaces.SurfaceSummary;

/** The first event of {@code GET /api/events}: every run and every surface. */
public record LiveSnapshot(List<RunDetail> runs, List<SurfaceSummary> surfaces) {}
