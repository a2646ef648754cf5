package org.losscape.viz.surfaces;

/** The first event of a surface's stream: its metadata and every value stored so far. */
public record SurfaceSnapshot(SurfaceSummary surface, SurfaceValues values) {}
