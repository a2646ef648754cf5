package org.losscape.projection.surfaces;

import java.util.List;
import org.losscape.projection.surfaces.SurfaceRequest.EvalSetRequest;
import org.losscape.projection.surfaces.SurfaceRequest.GridRequest;

/**
 * The body of {@code POST /comparisons}: one random-direction surface per run, all with the
 * same grid, seed, normalization and evaluation set, so that they can be drawn side by side on
 * one colour scale (for example ResNet-20 with and without skip connections). Only
 * {@code runIds} is required; the other fields mean what they mean in {@link SurfaceRequest}.
 *
 * <p>The runs may be of different models: what they share is the seed, not the direction
 * (each direction has its own model's parameter layout and is normalized to its own θ).
 *
 * @param runIds 2 to {@value ComparisonResource#MAX_RUNS} distinct runs
 * @param epoch the checkpoint of every run; default each run's latest
 * @param evalSet the images of every surface; {@code dataset} defaults to the first run's
 */
public record ComparisonRequest(
        List<String> runIds,
        Integer epoch,
        GridRequest grid,
        Long seed,
        String normalization,
        Boolean includeBiasAndBatchNorm,
        Boolean moveBatchNormStatistics,
        EvalSetRequest evalSet,
        Integer chunkSize) {

    /** The request of one run's surface. */
    SurfaceRequest forRun(String runId, EvalSetRequest sharedEvalSet) {
        return new SurfaceRequest(runId, epoch, PlanValidator.RANDOM, grid, seed, null,
                normalization, includeBiasAndBatchNorm, moveBatchNormStatistics, null,
                sharedEvalSet, chunkSize);
    }
}
