package org.losscape.projection.surfaces;

import jakarta.enterprise.context.ApplicationScoped;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.projection.runs.CheckpointReader;

/**
 * Draws the two random directions of a surface for a stored checkpoint: reads θ and draws d1,
 * d2 from it (see {@link Directions} for the normalization). Host memory only.
 */
@ApplicationScoped
class DirectionMaker {

    private final CheckpointReader checkpoints;

    DirectionMaker(CheckpointReader checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** The directions of {@code plan}, each with θ's names and shapes. */
    DirectionPair directions(SurfacePlan plan) {
        return Directions.pair(checkpoints.read(plan.run(), plan.epoch()), plan.seed(),
                plan.normalization(), plan.includeBiasAndBatchNorm(),
                plan.moveBatchNormStatistics());
    }
}
