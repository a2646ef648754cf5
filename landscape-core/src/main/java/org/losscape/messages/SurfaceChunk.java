package org.losscape.messages;

/**
 * Work for one surface worker: the points with indices {@code firstPoint} to
 * {@code firstPoint + pointCount - 1} of the surface's grid. It carries the whole plan so that a
 * worker needs no other message to start.
 */
public record SurfaceChunk(
        SurfacePlanned surface, int chunkIndex, int firstPoint, int pointCount) {}
