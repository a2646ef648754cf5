package org.losscape.training;

import ai.djl.Model;
import org.losscape.messages.EpochMetrics;

/**
 * Receives the network after epoch 0 (the initialization, evaluated before any step) and after
 * every training epoch, on the training thread: training waits until it returns.
 */
@FunctionalInterface
public interface EpochListener {

    /**
     * @param epoch 0 for the initialization, then 1 … epochs
     * @param metrics losses and accuracies, possibly NaN or infinite for a diverged run
     * @param model the live model: read or save its parameters here, do not keep or close it
     */
    void onEpoch(int epoch, EpochMetrics metrics, Model model);
}
