package org.losscape.evaluation;

/**
 * Mean cross-entropy (nats per image) and top-1 accuracy (fraction in [0, 1]) of a model on an
 * evaluation set. The loss is NaN or +∞ where the network's outputs are not finite; that is a
 * result, not an error.
 */
public record LossAccuracy(double loss, double accuracy) {}
