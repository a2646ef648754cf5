package org.losscape.viz.surfaces;

import java.util.List;
import org.losscape.messages.PointValue;

/**
 * A {@code chunk} event of a surface's stream: the points of one chunk that were new, with
 * α and β taken from the grid, and the progress after them.
 */
public record ChunkUpdate(
        String surfaceId,
        int chunkIndex,
        List<PointValue> points,
        int pointsDone,
        int pointsTotal,
        String state,
        Double minLoss,
        Double maxLoss,
        Double pointsPerSecond) {}
