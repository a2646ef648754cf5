package org.losscape.training;

import java.util.List;

/**
 * The learning rate of each epoch, stepped once per epoch with that epoch's training loss.
 * {@link #rate()} is the rate of the epoch about to be trained (before the first
 * {@link #epochDone}: epoch 1, and the rate reported for epoch 0).
 *
 * <p>Notes on the three schedules, each stepped once per epoch as PyTorch's schedulers are in
 * the usual loop {@code train(); scheduler.step(...)}:
 *
 * <ul>
 *   <li>{@code constant}: the initial rate throughout.
 *   <li>{@code milestones}: PyTorch's {@code MultiStepLR}; once epoch m of the milestones is
 *       done the rate is multiplied by {@code gamma}, so it drops from epoch m + 1 on.
 *   <li>{@code plateau}: PyTorch's {@code ReduceLROnPlateau(mode="min", factor=gamma,
 *       patience, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr, eps=1e-8)}. A loss
 *       improves on the best so far when it is below {@code best · (1 − 1e-4)}; the best starts
 *       at +∞, so the first finite loss improves. A loss that does not improve is a bad epoch;
 *       once more than {@code patience} bad epochs have passed since the last improvement or
 *       reduction, the rate becomes {@code max(rate · gamma, minRate)} and the count restarts.
 *       A reduction smaller than 1e-8 is skipped, as in PyTorch. A NaN or +∞ loss never
 *       improves ({@code NaN < best} is false), so a diverged run keeps lowering its rate down
 *       to {@code minRate}.
 * </ul>
 *
 * <p>Not thread-safe: one schedule belongs to one training loop.
 */
final class LearningRateSchedule {

    /** PyTorch's default relative threshold: an improvement must be more than 0.01%. */
    static final double PLATEAU_THRESHOLD = 1e-4;

    /** PyTorch's eps: a reduction of at most this much is not applied. */
    static final double MIN_REDUCTION = 1e-8;

    private final LrSchedule kind;
    private final double gamma;
    private final List<Integer> milestones;
    private final int patience;
    private final double minRate;

    private double rate;
    private int epochsDone;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int badEpochs;

    private LearningRateSchedule(LrSchedule kind, double initialRate, double gamma,
            List<Integer> milestones, int patience, double minRate) {
        this.kind = kind;
        this.rate = initialRate;
        this.gamma = gamma;
        this.milestones = List.copyOf(milestones);
        this.patience = patience;
        this.minRate = minRate;
    }

    /** The schedule {@code config} describes, at its initial rate. */
    static LearningRateSchedule of(TrainingConfig config) {
        return new LearningRateSchedule(config.lrSchedule(), config.learningRate(),
                config.gamma(), config.milestones(), config.patience(), config.minLearningRate());
    }

    static LearningRateSchedule constant(double rate) {
        return new LearningRateSchedule(LrSchedule.CONSTANT, rate, 1, List.of(), 0, 0);
    }

    static LearningRateSchedule milestones(double initialRate, List<Integer> milestones,
            double gamma) {
        return new LearningRateSchedule(LrSchedule.MILESTONES, initialRate, gamma, milestones,
                0, 0);
    }

    static LearningRateSchedule plateau(double initialRate, double factor, int patience,
            double minRate) {
        return new LearningRateSchedule(LrSchedule.PLATEAU, initialRate, factor, List.of(),
                patience, minRate);
    }

    /** The rate of the next epoch to train. */
    double rate() {
        return rate;
    }

    /**
     * Ends an epoch: {@link #rate()} becomes the next epoch's rate.
     *
     * @param trainLoss the epoch's training loss; only {@code plateau} reads it, and NaN or ∞
     *     count as no improvement
     */
    void epochDone(double trainLoss) {
        epochsDone++;
        switch (kind) {
            case CONSTANT -> { }
            case MILESTONES -> {
                if (milestones.contains(epochsDone)) {
                    rate *= gamma;
                }
            }
            case PLATEAU -> onPlateauStep(trainLoss);
        }
    }

    private void onPlateauStep(double loss) {
        if (loss < bestLoss * (1 - PLATEAU_THRESHOLD)) {
            bestLoss = loss;
            badEpochs = 0;
        } else {
            badEpochs++;
        }

        if (badEpochs > patience) {
            double reduced = Math.max(rate * gamma, minRate);
            if (rate - reduced > MIN_REDUCTION) {
                rate = reduced;
            }
            badEpochs = 0;
        }
    }
}
