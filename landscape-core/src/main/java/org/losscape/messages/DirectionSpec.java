package org.losscape.messages;

/**
 * How a surface's directions were made.
 *
 * @param seed seed of the Gaussian draw; direction 2 uses the draw after direction 1's
 * @param normalization {@code filter} (the default), {@code layer} or {@code none} for random
 *     directions; {@code pca} and {@code interpolation} for the other views
 * @param includeBiasAndBatchNorm whether rank ≤ 1 parameters move (along themselves: their
 *     direction is θ)
 * @param cosine cosine of the angle between the two directions (near 0 for large networks
 *     when only the weights move; the θ entries shared by both directions raise it; 0 for a
 *     1-D scan)
 * @param moveBatchNormStatistics whether the BatchNorm running statistics move with the
 *     direction instead of staying at the checkpoint's values
 */
public record DirectionSpec(
        long seed,
        String normalization,
        boolean includeBiasAndBatchNorm,
        double cosine,
        boolean moveBatchNormStatistics) {

    /** Directions that leave the BatchNorm running statistics at the checkpoint's values. */
    public DirectionSpec(
            long seed, String normalization, boolean includeBiasAndBatchNorm, double cosine) {
        this(seed, normalization, includeBiasAndBatchNorm, cosine, false);
    }
}
