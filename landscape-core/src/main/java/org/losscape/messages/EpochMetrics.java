package org.losscape.messages;

/**
 * Loss and accuracy of a network after one epoch, on the training and the test set.
 *
 * <p>Losses are mean cross-entropy in nats; accuracies are fractions in [0, 1]. A diverged run
 * reports NaN or infinite losses as they are. {@code learningRate} is the rate used during the
 * epoch; for epoch 0 (the initialization, before any step) it is the initial rate and
 * {@code seconds} is 0.
 */
public record EpochMetrics(
        double trainLoss,
        double trainAccuracy,
        double testLoss,
        double testAccuracy,
        double learningRate,
        double seconds) {}
