package org.losscape.messages;

/**
 * Work for one surface worker: the points with indices {@code firstPoint} to
 * {@code firstPoint + pointCount - 1} of the surface's grid. It carries the whole plan so that a
 * worker needs no other message to start.
 *
 * <p>{@code pointCount} is at most {@link #MAX_POINTS}, so that the chunk's {@link ChunkValues}
 * fit in one Kafka record.
 */
public record SurfaceChunk(
        SurfacePlanned surface, int chunkIndex, int firstPoint, int pointCount) {

    /**
     * The most points in one chunk. A chunk's values travel as one {@link ChunkValues} record,
     * and Kafka refuses records over 1 MB by default (the producer's {@code max.request.size},
     * the broker's {@code message.max.bytes}). A {@link PointValue} is at most
     * {@value ChunkValues#MAX_POINT_JSON_BYTES} bytes of JSON (every number at its longest,
     * a loss of {@code "-Infinity"} included), so 1,000 points take at most about 190 KB:
     * under a fifth of the limit, leaving room for the envelope and a smaller broker limit.
     */
    public static final int MAX_POINTS = 1_000;
}
