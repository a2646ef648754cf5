package org.losscape.projection.surfaces;

import java.util.ArrayList;
import java.util.List;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;

/**
 * Splits a surface's grid into chunks of consecutive point indices: chunk {@code c} holds
 * {@code c·size} to {@code min((c+1)·size, n) − 1}, so the chunks cover every index once and
 * only the last may be short.
 */
final class Chunks {

    private Chunks() {}

    static List<SurfaceChunk> of(SurfacePlanned surface, int chunkSize) {
        int points = surface.pointCount();
        List<SurfaceChunk> chunks = new ArrayList<>(surface.chunkCount());
        for (int c = 0; c < surface.chunkCount(); c++) {
            int first = c * chunkSize;
            chunks.add(new SurfaceChunk(surface, c, first, Math.min(chunkSize, points - first)));
        }
        return chunks;
    }
}
