package org.losscape.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losscape.data.Datasets;
import org.losscape.training.InvalidFieldException;
import org.losscape.training.LrSchedule;
import org.losscape.training.TrainingConfig;

/**
 * A training recipe with every value settled, as the trainer's {@code POST /runs} takes it.
 *
 * @param schedule the trainer's {@code lrSchedule} ({@code milestones}, {@code constant},
 *     {@code plateau}); null leaves it to the trainer, which follows the milestones if any
 * @param milestones epochs after which the rate drops tenfold; null leaves the trainer's
 *     default
 * @param patience {@code plateau}'s tolerated epochs without improvement; null: the trainer's
 * @param minLearningRate {@code plateau}'s lowest rate; null: the trainer's
 * @param augment null leaves the trainer's default
 */
record TrainingPlan(
        int epochs,
        int trainSize,
        int testSize,
        int batchSize,
        double learningRate,
        double momentum,
        double weightDecay,
        String schedule,
        List<Integer> milestones,
        Integer patience,
        Double minLearningRate,
        Boolean augment,
        long seed) {

    /**
     * The trainer's defaults of what a request leaves out ({@code losscape.trainer.defaults.*}
     * in trainer-service): the rate factor at a milestone, and plain momentum.
     */
    private static final double TRAINER_GAMMA = 0.1;
    private static final boolean TRAINER_NESTEROV = false;

    /**
     * Stands in for the model in {@link #requireAccepted}: the commands check theirs with
     * {@link Flags#requireModel}, by the same parser as the trainer, and no other rule of a
     * run depends on the model.
     */
    private static final String ANY_MODEL = "resnet20";

    /** The flag that sets each field of a run request, for messages. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("epochs", "--epochs"),
            Map.entry("trainSize", "--train-size"),
            Map.entry("testSize", "--test-size"),
            Map.entry("learningRate", "--lr"),
            Map.entry("momentum", "--momentum"),
            Map.entry("weightDecay", "--weight-decay"),
            Map.entry("lrSchedule", "--lr-schedule"),
            Map.entry("milestones", "--milestones"),
            Map.entry("patience", "--patience"),
            Map.entry("minLearningRate", "--min-lr"));

    /**
     * Fails, naming the flag, when the trainer's {@code POST /runs} would refuse a run of this
     * plan at batch size {@code batch}: the same {@link TrainingConfig} rules, with the
     * trainer's defaults for what the request leaves out. The commands' own checks name the
     * rule in their words first; this one keeps them from falling behind the trainer's.
     *
     * @param batchFlag the flag that set {@code batch}
     */
    void requireAccepted(int batch, String batchFlag) {
        try {
            new TrainingConfig(
                    ANY_MODEL,
                    Datasets.CIFAR10,
                    epochs,
                    batch,
                    learningRate,
                    momentum,
                    TRAINER_NESTEROV,
                    weightDecay,
                    schedule != null ? LrSchedule.parse(schedule) : null,
                    milestones,
                    TRAINER_GAMMA,
                    patience != null ? patience : TrainingConfig.DEFAULT_PATIENCE,
                    minLearningRate != null ? minLearningRate : 0,
                    seed,
                    trainSize,
                    testSize,
                    augment == null || augment);
        } catch (InvalidFieldException e) {
            String flag = e.field().equals("batchSize")
                    ? batchFlag
                    : FLAGS.getOrDefault(e.field(), e.field());
            throw new StackException(flag + ": the trainer would refuse it: " + e.getMessage(),
                    e);
        }
    }

    /** The request body of a run of {@code model} on CIFAR-10 at this plan's batch size. */
    Map<String, Object> request(String model) {
        return request(model, batchSize);
    }

    /** The request body with another batch size (the batch experiment's large batch). */
    Map<String, Object> request(String model, int batch) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", model);
        request.put("dataset", "cifar10");
        request.put("epochs", epochs);
        request.put("batchSize", batch);
        request.put("learningRate", learningRate);
        request.put("momentum", momentum);
        request.put("weightDecay", weightDecay);
        putIfSet(request, "lrSchedule", schedule);
        putIfSet(request, "milestones", milestones);
        putIfSet(request, "patience", patience);
        putIfSet(request, "minLearningRate", minLearningRate);
        if (augment != null) {
            request.put("augment", augment);
        }
        request.put("seed", seed);
        request.put("trainSize", trainSize);
        request.put("testSize", testSize);
        return request;
    }

    private static void putIfSet(Map<String, Object> request, String field, Object value) {
        if (value != null) {
            request.put(field, value);
        }
    }

    /**
     * "6 epochs, rate 0.1 ÷10 after epochs 3, 5, momentum 0.9, weight decay 5.0E-4, augmented":
     * the recipe without the batch size.
     */
    String describeSchedule() {
        String drops;
        if ("plateau".equals(schedule)) {
            drops = " ÷10 after more than " + (patience != null
                            ? Console.count(patience, "epoch")
                            : "the trainer's default patience (" + Console.count(
                                    TrainingConfig.DEFAULT_PATIENCE, "epoch") + ")")
                    + " without improvement"
                    + (minLearningRate != null ? ", at least " + minLearningRate : "");
        } else if ("constant".equals(schedule) || (milestones != null && milestones.isEmpty())) {
            drops = ", constant";
        } else {
            drops = milestones == null ? "" : " ÷10 after epochs " + String.join(", ",
                    milestones.stream().map(String::valueOf).toList());
        }
        String augmented = augment == null ? "" : augment ? ", augmented" : ", not augmented";
        return String.format("%s, rate %s%s, momentum %s, weight decay %s%s",
                Console.count(epochs, "epoch"), learningRate, drops, momentum, weightDecay,
                augmented);
    }
}
