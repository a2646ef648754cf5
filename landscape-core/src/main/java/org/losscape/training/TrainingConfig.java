package org.losscape.training;

import java.util.ArrayList;
import java.util.List;
import org.losscape.data.Datasets;
import org.losscape.model.ModelSpec;

/**
 * What to train and how: SGD with momentum on the first {@code trainSize} training images,
 * evaluated on the first {@code testSize} test images after every epoch.
 *
 * <p>The learning rate follows {@code lrSchedule} ({@code LearningRateSchedule} has the rules):
 * {@code constant}; {@code milestones}, where the rate of epoch e (1-based) is
 * {@code learningRate · gamma^k}, k the number of milestones m with m &lt; e, as PyTorch's
 * {@code MultiStepLR} stepped once per epoch; or {@code plateau}, PyTorch's
 * {@code ReduceLROnPlateau} on each epoch's training loss with factor {@code gamma},
 * {@code patience} and {@code minLearningRate}. {@code weightDecay} is L2 regularization added to
 * the gradient of every trainable parameter, as PyTorch's {@code SGD(weight_decay=…)} applied to
 * {@code net.parameters()}. Every value is checked on construction; a bad one throws
 * {@link InvalidFieldException} naming the field, the value and the allowed range.
 *
 * @param model a {@link ModelSpec} name such as {@code resnet20}
 * @param dataset {@code cifar10} or {@code fashion-mnist}
 * @param epochs full passes over the training images, 1–10,000
 * @param batchSize images per step, 1–4,096 and at most {@code trainSize}
 * @param learningRate initial rate, finite and &gt; 0 (a diverging rate is allowed: its NaN
 *     losses are recorded, not an error)
 * @param momentum in [0, 1)
 * @param nesterov Nesterov momentum, which needs {@code momentum > 0}
 * @param weightDecay L2 coefficient, finite and ≥ 0
 * @param lrSchedule {@code constant}, {@code milestones} or {@code plateau}; null means
 *     {@code milestones} if milestones are given, else {@code constant}
 * @param milestones epochs after which the rate is multiplied by {@code gamma}, strictly
 *     increasing, each ≥ 1 (milestones beyond {@code epochs} never apply); only with the
 *     {@code milestones} schedule, empty (or null) otherwise
 * @param gamma rate factor at each milestone, in (0, 1]; with {@code plateau} the factor of
 *     each reduction, in (0, 1)
 * @param patience {@code plateau}: epochs without improvement of the training loss that are
 *     tolerated before the rate drops, 0–10,000 (PyTorch's default is 10)
 * @param minLearningRate {@code plateau}: the rate never drops below it, in [0, learningRate]
 * @param seed initialization, shuffling and augmentation all follow from it
 * @param trainSize the first trainSize training images are used, ≥ 1
 * @param testSize the first testSize test images are used, ≥ 1
 * @param augment random crop of the 4-pixel zero-padded image and random horizontal flip
 */
public record TrainingConfig(
        String model,
        String dataset,
        int epochs,
        int batchSize,
        double learningRate,
        double momentum,
        boolean nesterov,
        double weightDecay,
        LrSchedule lrSchedule,
        List<Integer> milestones,
        double gamma,
        int patience,
        double minLearningRate,
        long seed,
        int trainSize,
        int testSize,
        boolean augment) {

    public static final int MAX_EPOCHS = 10_000;
    public static final int MAX_BATCH_SIZE = 4_096;
    public static final int MAX_PATIENCE = MAX_EPOCHS;

    /** PyTorch's {@code ReduceLROnPlateau} default, used when no patience is given. */
    public static final int DEFAULT_PATIENCE = 10;

    public TrainingConfig {
        model = checkModel(model);
        dataset = checkDataset(dataset);
        checkRange("epochs", epochs, 1, MAX_EPOCHS);
        checkPositive("trainSize", trainSize);
        checkPositive("testSize", testSize);
        checkRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
        if (batchSize > trainSize) {
            throw new InvalidFieldException("batchSize", "batchSize (" + batchSize
                    + ") must be at most trainSize (" + trainSize + ")");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidFieldException("learningRate",
                    "learningRate (" + learningRate + ") must be finite and > 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidFieldException("momentum",
                    "momentum (" + momentum + ") must be in [0, 1)");
        }
        if (nesterov && momentum == 0) {
            throw new InvalidFieldException("nesterov",
                    "nesterov (true) needs momentum > 0, but momentum is 0");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new InvalidFieldException("weightDecay",
                    "weightDecay (" + weightDecay + ") must be finite and ≥ 0");
        }
        milestones = checkMilestones(milestones);
        if (lrSchedule == null) {
            lrSchedule = milestones.isEmpty() ? LrSchedule.CONSTANT : LrSchedule.MILESTONES;
        }
        if (lrSchedule != LrSchedule.MILESTONES && !milestones.isEmpty()) {
            throw new InvalidFieldException("milestones", "milestones (" + milestones
                    + ") apply only to lrSchedule milestones, not " + lrSchedule.id()
                    + ": leave them out or empty");
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new InvalidFieldException("gamma", "gamma (" + gamma + ") must be in (0, 1]");
        }
        if (lrSchedule == LrSchedule.PLATEAU && gamma == 1) {
            throw new InvalidFieldException("gamma",
                    "gamma (1.0) must be in (0, 1) with lrSchedule plateau: it is the factor of"
                            + " each reduction");
        }
        checkRange("patience", patience, 0, MAX_PATIENCE);
        if (!(minLearningRate >= 0 && minLearningRate <= learningRate)) {
            throw new InvalidFieldException("minLearningRate", "minLearningRate ("
                    + minLearningRate + ") must be in [0, learningRate (" + learningRate + ")]");
        }
    }

    /**
     * The configuration before learning-rate schedules were a choice: {@code milestones} if
     * milestones are given, else {@code constant}; patience 10 and no minimum rate.
     */
    public TrainingConfig(String model, String dataset, int epochs, int batchSize,
            double learningRate, double momentum, boolean nesterov, double weightDecay,
            List<Integer> milestones, double gamma, long seed, int trainSize, int testSize,
            boolean augment) {
        this(model, dataset, epochs, batchSize, learningRate, momentum, nesterov, weightDecay,
                /* lrSchedule= */ null, milestones, gamma, DEFAULT_PATIENCE,
                /* minLearningRate= */ 0, seed, trainSize, testSize, augment);
    }

    /**
     * The recipe of the reference CIFAR-10 runs (Li et al., 2018): batch 128, rate 0.1,
     * momentum 0.9, weight decay 5e-4, rate × 0.1 after epochs 150, 225 and 275 of 300, random
     * crop and flip, on all 50,000 / 10,000 images.
     */
    public static TrainingConfig reference(String model, long seed) {
        return new TrainingConfig(model, Datasets.CIFAR10, 300, 128, 0.1, 0.9, false, 5e-4,
                List.of(150, 225, 275), 0.1, seed, 50_000, 10_000, true);
    }

    /**
     * The rate used during epoch {@code epoch} (1-based) by the {@code constant} and
     * {@code milestones} schedules; epoch 0 reports the initial rate.
     *
     * @throws IllegalStateException with {@code plateau}, whose rates depend on the losses
     */
    public double learningRateAt(int epoch) {
        if (lrSchedule == LrSchedule.PLATEAU) {
            throw new IllegalStateException(
                    "with lrSchedule plateau the rate of an epoch depends on the losses");
        }
        double rate = learningRate;
        for (int milestone : milestones) {
            if (milestone < epoch) {
                rate *= gamma;
            }
        }
        return rate;
    }

    /** Steps per epoch: the last batch may be smaller. */
    public int batchesPerEpoch() {
        return (trainSize + batchSize - 1) / batchSize;
    }

    /** A copy with other sizes, for the same recipe on fewer images. */
    public TrainingConfig withSizes(int newTrainSize, int newTestSize) {
        return new TrainingConfig(model, dataset, epochs, batchSize, learningRate, momentum,
                nesterov, weightDecay, lrSchedule, milestones, gamma, patience, minLearningRate,
                seed, newTrainSize, newTestSize, augment);
    }

    private static String checkModel(String model) {
        try {
            return ModelSpec.parse(model).name();
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("model", e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new InvalidFieldException("model", "model (null) must be given", e);
        }
    }

    private static String checkDataset(String dataset) {
        try {
            return Datasets.checkName(dataset);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("dataset", e.getMessage(), e);
        }
    }

    private static void checkRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field,
                    field + " (" + value + ") must be in [" + min + ", " + max + "]");
        }
    }

    private static void checkPositive(String field, int value) {
        if (value < 1) {
            throw new InvalidFieldException(field, field + " (" + value + ") must be ≥ 1");
        }
    }

    private static List<Integer> checkMilestones(List<Integer> milestones) {
        if (milestones == null) {
            return List.of();
        }
        List<Integer> checked = new ArrayList<>(milestones.size());
        for (int i = 0; i < milestones.size(); i++) {
            Integer milestone = milestones.get(i);
            String field = "milestones[" + i + "]";
            if (milestone == null || milestone < 1) {
                throw new InvalidFieldException("milestones",
                        field + " (" + milestone + ") must be an epoch ≥ 1");
            }
            if (i > 0 && milestone <= milestones.get(i - 1)) {
                throw new InvalidFieldException("milestones", field + " (" + milestone
                        + ") must be > milestones[" + (i - 1) + "] (" + milestones.get(i - 1)
                        + "): milestones are strictly increasing");
            }
            checked.add(milestone);
        }
        return List.copyOf(checked);
    }
}
