package org.losscape.messages;

import java.util.List;

/**
 * The evaluated points of one chunk. A chunk may be delivered and evaluated more than once;
 * consumers keep one value per point index.
 *
 * @param worker name of the worker that evaluated it (host name and pid)
 * @param seconds wall time spent evaluating the chunk
 */
public record ChunkValues(
        String surfaceId, int chunkIndex, String worker, double seconds, List<PointValue> points) {}
