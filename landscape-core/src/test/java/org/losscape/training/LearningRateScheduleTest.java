package org.losscape.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rates for given loss sequences. The expected rates are worked out by hand from the rules of
 * PyTorch's schedulers, step by step in the comments; halving 0.1 is exact in binary, so the
 * comparisons are exact.
 */
class LearningRateScheduleTest {

    private static final double EXACT = 0;
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /**
     * ReduceLROnPlateau(factor=0.5, patience=2, threshold=1e-4 rel, cooldown=0, min_lr=0.01),
     * initial rate 0.1. "bad" counts epochs since the last improvement or reduction; a loss
     * improves when it is below best · 0.9999; the rate drops once bad exceeds 2.
     */
    @Test
    void plateau_lossSequence_ratesOfReduceLrOnPlateau() {
        double[] losses = {
            1.0,      // epoch 1: best ∞ → 1.0, bad 0
            0.99995,  // 2: not below 1.0 · 0.9999 = 0.9999, bad 1
            0.9,      // 3: best 0.9, bad 0
            0.95,     // 4: bad 1
            0.95,     // 5: bad 2
            0.95,     // 6: bad 3 > 2: rate 0.1 → 0.05, bad 0
            NAN,      // 7: NaN < best is false, bad 1
            NAN,      // 8: bad 2
            NAN,      // 9: bad 3: rate 0.05 → 0.025, bad 0
            0.8,      // 10: best 0.8, bad 0
            0.85,     // 11: bad 1
            0.85,     // 12: bad 2
            0.85,     // 13: bad 3: rate 0.025 → 0.0125
            INF,      // 14: ∞ is not below 0.8 · 0.9999, bad 1
            INF,      // 15: bad 2
            INF,      // 16: bad 3: max(0.00625, 0.01) = 0.01
            0.9,      // 17: bad 1
            0.9,      // 18: bad 2
            0.9,      // 19: bad 3: max(0.005, 0.01) = 0.01, no change
        };
        double[] expectedRates = {
            0.1, 0.1, 0.1, 0.1, 0.1, 0.1,  // epochs 1–6 (the drop after epoch 6 applies to 7)
            0.05, 0.05, 0.05,              // 7–9
            0.025, 0.025, 0.025, 0.025,    // 10–13
            0.0125, 0.0125, 0.0125,        // 14–16
            0.01, 0.01, 0.01,              // 17–19
            0.01,                          // 20, after the loss of epoch 19
        };

        double[] rates = rates(LearningRateSchedule.plateau(0.1, 0.5, 2, 0.01), losses);

        assertArrayEquals(expectedRates, rates, EXACT);
    }

    /** Patience 0: every epoch that does not improve lowers the rate at once. */
    @Test
    void plateau_patienceZero_dropsAfterEachEpochWithoutImprovement() {
        double[] losses = {2.0, 1.0, 1.0, 0.5, 0.6, 0.4};
        // 2.0 best; 1.0 best; 1.0 bad 1 > 0: 0.1 → 0.05; 0.5 best; 0.6 bad: 0.05 → 0.025;
        // 0.4 best.
        double[] expectedRates = {0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025};

        double[] rates = rates(LearningRateSchedule.plateau(0.1, 0.5, 0, 0), losses);

        assertArrayEquals(expectedRates, rates, EXACT);
    }

    /** From the first epoch on a diverged run never improves: best stays ∞. */
    @Test
    void plateau_nanFromTheStart_countsAsNoImprovement() {
        double[] losses = {NAN, NAN, NAN, NAN};
        // patience 1: epoch 1 bad 1; epoch 2 bad 2 > 1: 0.1 → 0.05, bad 0; epoch 3 bad 1;
        // epoch 4 bad 2: 0.05 → 0.025.
        double[] expectedRates = {0.1, 0.1, 0.05, 0.05, 0.025};

        double[] rates = rates(LearningRateSchedule.plateau(0.1, 0.5, 1, 0), losses);

        assertArrayEquals(expectedRates, rates, EXACT);
    }

    /** A reduction of at most 1e-8 is skipped (PyTorch's eps), even above the minimum rate. */
    @Test
    void plateau_reductionBelowEps_keepsRate() {
        double[] losses = {1.0, 1.0, 1.0};
        // 1.0 best; bad 1 > 0: 1e-8 · 0.5 would lower it by 5e-9 ≤ 1e-8, kept; bad 1 again.
        double[] expectedRates = {1e-8, 1e-8, 1e-8, 1e-8};

        double[] rates = rates(LearningRateSchedule.plateau(1e-8, 0.5, 0, 0), losses);

        assertArrayEquals(expectedRates, rates, EXACT);
    }

    @Test
    void milestones_afterEpochsTwoAndFour_dropFromEpochsThreeAndFive() {
        double[] losses = {NAN, 1, 1, 1, 1};
        double[] expectedRates = {0.1, 0.1, 0.05, 0.05, 0.025, 0.025};

        double[] rates = rates(LearningRateSchedule.milestones(0.1, List.of(2, 4), 0.5), losses);

        assertArrayEquals(expectedRates, rates, EXACT);
    }

    @Test
    void constant_anyLosses_keepsRate() {
        double[] rates = rates(LearningRateSchedule.constant(0.05),
                new double[] {1, 2, NAN, INF, 2});

        assertArrayEquals(new double[] {0.05, 0.05, 0.05, 0.05, 0.05, 0.05}, rates, EXACT);
    }

    @Test
    void of_config_followsItsSchedule() {
        TrainingConfig plateau = new TrainingConfig("resnet20", "cifar10", 3, 10, 0.1, 0.9,
                false, 0, LrSchedule.PLATEAU, List.of(), 0.1, 0, 0.001, 1, 10, 10, false);
        TrainingConfig milestones = new TrainingConfig("resnet20", "cifar10", 3, 10, 0.1, 0.9,
                false, 0, List.of(1), 0.5, 1, 10, 10, false);

        double[] plateauRates = rates(LearningRateSchedule.of(plateau), new double[] {1, 1, 1});
        double[] milestoneRates = rates(LearningRateSchedule.of(milestones),
                new double[] {1, 1, 1});

        // 0.1 · 0.1 is not exactly 0.01 in binary, hence the tolerance.
        assertArrayEquals(new double[] {0.1, 0.1, 0.01, 0.001}, plateauRates, 1e-15);
        for (int epoch = 1; epoch <= 4; epoch++) {
            assertEquals(milestones.learningRateAt(epoch), milestoneRates[epoch - 1], EXACT);
        }
    }

    /** The rate of epochs 1 … losses.length + 1: each loss ends the epoch it belongs to. */
    private static double[] rates(LearningRateSchedule schedule, double[] losses) {
        double[] rates = new double[losses.length + 1];
        for (int epoch = 0; epoch < losses.length; epoch++) {
            rates[epoch] = schedule.rate();
            schedule.epochDone(losses[epoch]);
        }
        rates[losses.length] = schedule.rate();
        return rates;
    }
}
