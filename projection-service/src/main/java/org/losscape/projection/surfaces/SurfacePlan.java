package org.losscape.projection.surfaces;

import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.projection.runs.Run;

/**
 * A validated surface request with every default filled in: what {@link SurfacePlanner}
 * needs to plan a surface.
 */
record SurfacePlan(
        Run run,
        int epoch,
        GridSpec grid,
        long seed,
        String normalization,
        boolean includeBiasAndBatchNorm,
        EvalSetSpec evalSet,
        int chunkSize) {

    static final int MAX_CHUNK_SIZE = 10_000;

    String checkpointKey() {
        return run.checkpoints().get(epoch);
    }

    /** A 1-D scan along direction 1: one β, zero, so no second direction is needed. */
    boolean oneDimensional() {
        return grid.y().points() == 1 && grid.y().min() == 0;
    }

    int chunkCount() {
        return (grid.size() + chunkSize - 1) / chunkSize;
    }
}
