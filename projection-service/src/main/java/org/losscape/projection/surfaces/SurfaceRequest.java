package org.losscape.projection.surfaces;

import java.util.List;
import org.losscape.messages.SurfaceChunk;

/**
 * The body of {@code POST /surfaces}. Only {@code runId} is required; every other field, and
 * every field of a nested object, falls back to the service's defaults
 * ({@code losscape.projection.defaults.*}) when absent. An explicit null is refused, as is a
 * value of another JSON type (a string for a number).
 *
 * @param epoch the checkpoint to project; default the run's latest. For {@code pca} the last
 *     checkpoint of the path (the plane's origin): the path is every stored epoch up to it
 * @param directions {@code random} (the default) or {@code pca} (the plane of the run's
 *     trajectory; {@code seed}, {@code seeds} and {@code normalization} do not apply)
 * @param seed seed of the directions' Gaussian draw
 * @param seeds several seeds at once: one surface per seed, all in one group; excludes
 *     {@code seed}
 * @param normalization {@code filter}, {@code layer} or {@code none}
 * @param moveBatchNormStatistics whether the batch-norm running statistics move too, along
 *     themselves (default false: they stay at the checkpoint's values)
 * @param margin {@code pca} only (refused for {@code random}): padding of the default grid
 *     around the projected path, as a fraction of the path's larger span (default 0.2)
 * @param chunkSize grid points per chunk message, 1 to {@value SurfaceChunk#MAX_POINTS}
 */
public record SurfaceRequest(
        String runId,
        Integer epoch,
        String directions,
        GridRequest grid,
        Long seed,
        List<Long> seeds,
        String normalization,
        Boolean includeBiasAndBatchNorm,
        Boolean moveBatchNormStatistics,
        Double margin,
        EvalSetRequest evalSet,
        Integer chunkSize) {

    /** The grid: α along {@code x} (direction 1), β along {@code y} (direction 2). */
    public record GridRequest(AxisRequest x, AxisRequest y) {}

    /** One axis: {@code points} coordinates from {@code min} to {@code max}. */
    public record AxisRequest(Double min, Double max, Integer points) {}

    /**
     * The evaluation images: the first {@code size} of {@code split} of {@code dataset}
     * (default: the run's data set).
     */
    public record EvalSetRequest(String dataset, String split, Integer size) {}

    /** This request for another run, as a comparison plans one surface per run. */
    SurfaceRequest forRun(String otherRunId) {
        return new SurfaceRequest(otherRunId, epoch, directions, grid, seed, seeds, normalization,
                includeBiasAndBatchNorm, moveBatchNormStatistics, margin, evalSet, chunkSize);
    }

    /** This request with one seed of {@code seeds}. */
    SurfaceRequest withSeed(long oneSeed) {
        return new SurfaceRequest(runId, epoch, directions, grid, oneSeed, null, normalization,
                includeBiasAndBatchNorm, moveBatchNormStatistics, margin, evalSet, chunkSize);
    }
}
