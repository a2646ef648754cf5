package org.losscape.projection.surfaces;

/**
 * The body of {@code POST /surfaces}. Only {@code runId} is required; every other field, and
 * every field of a nested object, falls back to the service's defaults
 * ({@code losscape.projection.defaults.*}) when absent or null.
 *
 * @param epoch the checkpoint to project; default the run's latest
 * @param seed seed of the directions' Gaussian draw
 * @param normalization {@code filter}, {@code layer} or {@code none}
 * @param chunkSize grid points per chunk message, 1 to {@value SurfacePlan#MAX_CHUNK_SIZE}
 */
public record SurfaceRequest(
        String runId,
        Integer epoch,
        GridRequest grid,
        Long seed,
        String normalization,
        Boolean includeBiasAndBatchNorm,
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
}
