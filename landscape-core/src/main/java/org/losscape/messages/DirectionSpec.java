package org.losscape.messages;

/**
 * How a surface's two directions were drawn.
 *
 * @param seed seed of the Gaussian draw; direction 2 uses the draw after direction 1's
 * @param normalization {@code filter} (the default), {@code layer} or {@code none}
 * @param includeBiasAndBatchNorm whether rank ≤ 1 parameters get a non-zero direction
 * @param cosine cosine of the angle between the two directions (near 0 for large networks)
 */
public record DirectionSpec(
        long seed, String normalization, boolean includeBiasAndBatchNorm, double cosine) {}
