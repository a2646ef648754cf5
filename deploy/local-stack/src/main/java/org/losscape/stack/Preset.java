package org.losscape.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes a command uses unless a flag says otherwise: how long and on how many images it
 * trains, and how fine and on how many images it evaluates the surfaces. The optimizer is the
 * recipe of Li et al. (2018): SGD with momentum 0.9, learning rate 0.1, weight decay 5e-4.
 *
 * @param epochs training epochs
 * @param trainSize training images (the first N; cut to what the CIFAR-10 copy holds)
 * @param testSize test images evaluated after each epoch (cut likewise)
 * @param batchSize images per SGD step; the batch experiment's small batch
 * @param largeBatchSize the batch experiment's large batch; 0 where unused
 * @param gridPoints points per axis of a surface (an N×N plane, or N points of a line)
 * @param range a random plane spans [-range, range]²
 * @param evalSize images each surface point is evaluated on
 * @param chunkSize grid points per work message
 * @param paperSchedule whether the rate drops tenfold at the paper's milestones (epochs 150,
 *     225 and 275 of 300) scaled to {@code epochs}; false leaves the trainer's default
 * @param augment random crops and flips while training, as in the paper; null leaves the
 *     trainer's default
 */
record Preset(
        int epochs,
        int trainSize,
        int testSize,
        int batchSize,
        int largeBatchSize,
        int gridPoints,
        double range,
        int evalSize,
        int chunkSize,
        boolean paperSchedule,
        Boolean augment) {

    static final double LEARNING_RATE = 0.1;
    static final double MOMENTUM = 0.9;
    static final double WEIGHT_DECAY = 5e-4;
    static final long SEED = 1;

    /** Li et al. train 300 epochs and divide the rate by 10 after epochs 150, 225 and 275. */
    private static final int PAPER_EPOCHS = 300;
    private static final int[] PAPER_MILESTONES = {150, 225, 275};

    /**
     * The paper's milestones at the same fractions of {@code epochs}, rounded, without
     * duplicates and without those at or past the last epoch (they would change nothing): 6
     * epochs give [3, 5], 10 give [5, 8, 9], 300 give [150, 225, 275].
     */
    static List<Integer> paperMilestones(int epochs) {
        List<Integer> milestones = new ArrayList<>();
        for (int milestone : PAPER_MILESTONES) {
            int scaled = (int) Math.round((double) milestone * epochs / PAPER_EPOCHS);
            boolean fresh = milestones.isEmpty() || milestones.get(milestones.size() - 1) < scaled;
            if (scaled >= 1 && scaled < epochs && fresh) {
                milestones.add(scaled);
            }
        }
        return milestones;
    }
}
