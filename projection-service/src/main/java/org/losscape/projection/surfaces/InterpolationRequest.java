package org.losscape.projection.surfaces;

/**
 * The body of {@code POST /interpolations}: the line from solution A (α = 0) to solution B
 * (α = 1), f(α) = L(θ_A + α·(θ_B − θ_A)), on the training and the test set. Only {@code runA}
 * and {@code runB} are required.
 *
 * @param epochA A's checkpoint; default A's latest
 * @param epochB B's checkpoint; default B's latest
 * @param alpha the α axis; default {@code losscape.projection.interpolation.alpha-*}
 *     (-0.5 to 1.5, 41 points)
 * @param evalSets the images of the two curves
 * @param chunkSize grid points per chunk message
 */
public record InterpolationRequest(
        String runA,
        Integer epochA,
        String runB,
        Integer epochB,
        SurfaceRequest.AxisRequest alpha,
        EvalSetsRequest evalSets,
        Integer chunkSize) {

    /**
     * The first {@code trainSize} training and first {@code testSize} test images of
     * {@code dataset} (default: the runs' data set).
     */
    public record EvalSetsRequest(String dataset, Integer trainSize, Integer testSize) {}
}
