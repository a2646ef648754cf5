package org.losscape.messages;

import java.time.Instant;

/**
 * A surface that the projection service has planned: its directions are stored and its chunks
 * are about to be published. Everything a worker or a viewer needs to know about it.
 *
 * @param directionXKey object key of direction 1 (α axis)
 * @param directionYKey object key of direction 2 (β axis); null for a 1-D scan
 * @param chunkCount number of {@link SurfaceChunk} messages that cover the grid
 */
public record SurfacePlanned(
        String surfaceId,
        String runId,
        String model,
        int epoch,
        String checkpointKey,
        GridSpec grid,
        DirectionSpec directions,
        EvalSetSpec evalSet,
        String directionXKey,
        String directionYKey,
        int chunkCount,
        Instant createdAt) {

    public int pointCount() {
        return grid.size();
    }
}
