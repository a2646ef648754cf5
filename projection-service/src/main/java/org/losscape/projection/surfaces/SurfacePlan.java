package org.losscape.projection.surfaces;

import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.projection.runs.Run;

/**
 * A validated request for a surface along random directions, with every default filled in:
 * what {@link SurfacePlanner} needs to plan it.
 *
 * @param groupId the group the surface belongs to (seeds, comparison); null when alone
 */
record SurfacePlan(
        Run run,
        int epoch,
        GridSpec grid,
        long seed,
        String normalization,
        boolean includeBiasAndBatchNorm,
        boolean moveBatchNormStatistics,
        EvalSetSpec evalSet,
        int chunkSize,
        String groupId) {

    String checkpointKey() {
        return run.checkpoints().get(epoch);
    }

    /** A 1-D scan along direction 1: one β, zero, so no second direction is needed. */
    boolean oneDimensional() {
        return grid.y().points() == 1 && grid.y().min() == 0;
    }

    int chunkCount() {
        return chunkCount(grid, chunkSize);
    }

    /** The same plan as a member of group {@code id}. */
    SurfacePlan inGroup(String id) {
        return new SurfacePlan(run, epoch, grid, seed, normalization, includeBiasAndBatchNorm,
                moveBatchNormStatistics, evalSet, chunkSize, id);
    }

    static int chunkCount(GridSpec grid, int chunkSize) {
        return (grid.size() + chunkSize - 1) / chunkSize;
    }
}
