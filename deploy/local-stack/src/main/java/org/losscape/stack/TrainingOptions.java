package org.losscape.stack;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.losscape.training.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The training flags of the commands that train (demo, experiments). Each is optional: an
 * absent flag takes the command's {@link Preset}, which its help lists.
 */
final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs.")
    Integer epochs;

    @Option(names = "--train-size", paramLabel = "N",
            description = "Training images (the first N; at most what the copy holds).")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N",
            description = "Test images evaluated after each epoch (at most what the copy"
                    + " holds).")
    Integer testSize;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per training step.")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "X",
            description = "Initial learning rate (SGD with momentum). Default: 0.1.")
    Double learningRate;

    @Option(names = "--momentum", paramLabel = "X", description = "SGD momentum. Default: 0.9.")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "X",
            description = "L2 weight decay. Default: 5e-4.")
    Double weightDecay;

    @Option(names = "--lr-schedule", paramLabel = "S",
            description = "How the rate changes: milestones (drops tenfold after the"
                    + " --milestones epochs), constant, or plateau (drops tenfold once the"
                    + " training loss has not improved for more than --patience epochs)."
                    + " Default: the command's.")
    Schedule schedule;

    @Option(names = "--milestones", paramLabel = "E", split = ",",
            description = "Epochs after which the rate drops tenfold, e.g. 150,225,275.")
    List<Integer> milestones;

    @Option(names = "--patience", paramLabel = "N",
            description = "plateau: epochs without improvement that are tolerated. Default: 10.")
    Integer patience;

    @Option(names = "--min-lr", paramLabel = "X",
            description = "plateau: the rate never drops below X. Default: 0.")
    Double minLearningRate;

    @Option(names = "--augment", negatable = true,
            description = "Random crops and flips while training (--no-augment: none).")
    Boolean augment;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of initialization, shuffling and directions. Default: 1.")
    Long seed;

    /** The trainer's limits of {@code epochs} and {@code batchSize}. */
    static final int MAX_EPOCHS = TrainingConfig.MAX_EPOCHS;
    static final int MAX_BATCH = TrainingConfig.MAX_BATCH_SIZE;

    /** The trainer's {@code lrSchedule} values. */
    enum Schedule { MILESTONES, CONSTANT, PLATEAU }

    /**
     * Checks the flags that are given against what the trainer accepts ({@link TrainingConfig}),
     * before anything starts. What depends on the CIFAR-10 copy (the image counts, and a batch
     * at most the training images) is checked by {@link #resolve}.
     */
    void check() {
        if (epochs != null) {
            Flags.requireIn("--epochs", epochs, 1, MAX_EPOCHS);
        }
        if (batchSize != null) {
            Flags.requireIn("--batch-size", batchSize, 1, MAX_BATCH);
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new StackException("--lr (" + learningRate + ") must be finite and > 0");
        }
        if (momentum != null && !(momentum >= 0 && momentum < 1)) {
            throw new StackException("--momentum (" + momentum + ") must be in [0, 1)");
        }
        if (weightDecay != null && !(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new StackException("--weight-decay (" + weightDecay + ") must be finite and"
                    + " >= 0");
        }
        if (patience != null) {
            Flags.requireIn("--patience", patience, 0, TrainingConfig.MAX_PATIENCE);
        }
        double rate = learningRate != null ? learningRate : Preset.LEARNING_RATE;
        if (minLearningRate != null && !(minLearningRate >= 0 && minLearningRate <= rate)) {
            throw new StackException("--min-lr (" + minLearningRate + ") must be in [0, " + rate
                    + "], at most the initial rate --lr");
        }
        if (milestones != null) {
            requireIncreasing(milestones);
        }
        boolean milestoneSchedule = schedule == null || schedule == Schedule.MILESTONES;
        if (milestones != null && !milestoneSchedule) {
            throw new StackException("--milestones (" + milestones + ") need --lr-schedule"
                    + " milestones, not " + schedule.name().toLowerCase(Locale.ROOT));
        }
        if ((patience != null || minLearningRate != null) && schedule != Schedule.PLATEAU) {
            throw new StackException("--patience and --min-lr belong to --lr-schedule plateau");
        }
    }

    /** Epochs ≥ 1, each after the one before, as the trainer takes its milestones. */
    private static void requireIncreasing(List<Integer> epochs) {
        for (int i = 0; i < epochs.size(); i++) {
            int epoch = epochs.get(i);
            String problem = null;
            if (epoch < 1) {
                problem = epoch + " is not >= 1";
            } else if (i > 0 && epoch <= epochs.get(i - 1)) {
                problem = epoch + " follows " + epochs.get(i - 1);
            }

            if (problem != null) {
                String given = epochs.stream().map(String::valueOf)
                        .collect(Collectors.joining(","));
                throw new StackException("--milestones (" + given + ") must be strictly"
                        + " increasing epochs >= 1, e.g. 150,225,275; " + problem);
            }
        }
    }

    /**
     * The flags over {@code preset}, the image counts cut to what {@code sizes} holds.
     *
     * @throws StackException naming the flag when the trainer would refuse the plan
     */
    TrainingPlan resolve(Preset preset, CifarSizes sizes, Consumer<String> say) {
        check();
        int epochCount = epochs != null ? epochs : preset.epochs();
        boolean milestoneSchedule = schedule == null || schedule == Schedule.MILESTONES;
        List<Integer> drops = milestones != null ? List.copyOf(milestones)
                : milestoneSchedule && preset.paperSchedule()
                        ? Preset.paperMilestones(epochCount) : null;
        int trainImages = CifarSizes.fit("--train-size", trainSize, preset.trainSize(),
                sizes.train(), "training images", say);
        int batch = batchSize != null ? batchSize : preset.batchSize();
        if (batch > trainImages) {
            throw new StackException("--batch-size (" + batch + ") must be in [1, "
                    + trainImages + "]: a batch cannot be larger than the " + trainImages
                    + " training images (--train-size, at most what the copy holds)");
        }
        TrainingPlan plan = new TrainingPlan(
                epochCount,
                trainImages,
                CifarSizes.fit("--test-size", testSize, preset.testSize(), sizes.test(),
                        "test images", say),
                batch,
                learningRate != null ? learningRate : Preset.LEARNING_RATE,
                momentum != null ? momentum : Preset.MOMENTUM,
                weightDecay != null ? weightDecay : Preset.WEIGHT_DECAY,
                schedule == null ? null : schedule.name().toLowerCase(Locale.ROOT),
                drops,
                patience,
                minLearningRate,
                augment != null ? augment : preset.augment(),
                seed != null ? seed : Preset.SEED);
        plan.requireAccepted(plan.batchSize(), "--batch-size");
        return plan;
    }
}
