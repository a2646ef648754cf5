package org.losscape.training;

/**
 * Where training stands after one step.
 *
 * @param epoch the epoch being trained, 1-based
 * @param batch steps done in this epoch, 1 … batches
 * @param stepSeconds wall time of this step: batch assembly, forward, backward and update
 * @param stepLoss mean cross-entropy of this step's batch in training mode (NaN or ∞ when
 *     diverged)
 * @param imagesPerSecond training images per second of wall time over this epoch's steps
 * @param etaSeconds remaining training time of the run at that rate, evaluation not included
 */
public record TrainingProgress(
        int epoch,
        int epochs,
        int batch,
        int batches,
        double stepSeconds,
        double stepLoss,
        double imagesPerSecond,
        double etaSeconds) {

    /** Fraction of the run's steps done, in [0, 1]. */
    public double fractionDone() {
        return ((epoch - 1) * (double) batches + batch) / ((double) epochs * batches);
    }
}
