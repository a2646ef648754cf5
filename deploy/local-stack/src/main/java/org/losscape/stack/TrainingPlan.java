package org.losscape.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training recipe with every value settled, as the trainer's {@code POST /runs} takes it.
 *
 * @param milestones epochs after which the rate drops tenfold; null leaves the trainer's
 *     default
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
        List<Integer> milestones,
        Boolean augment,
        long seed) {

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
        if (milestones != null) {
            request.put("milestones", milestones);
        }
        if (augment != null) {
            request.put("augment", augment);
        }
        request.put("seed", seed);
        request.put("trainSize", trainSize);
        request.put("testSize", testSize);
        return request;
    }

    /** "6 epochs at batch 128 (rate 0.1 ÷10 after 3, 5; augmented)" without the batch. */
    String describeSchedule() {
        String drops = milestones == null ? ""
                : milestones.isEmpty() ? ", constant"
                : " ÷10 after epochs " + String.join(", ",
                        milestones.stream().map(String::valueOf).toList());
        String augmented = augment == null ? "" : augment ? ", augmented" : ", not augmented";
        return String.format("%d epochs, rate %s%s, momentum %s, weight decay %s%s",
                epochs, learningRate, drops, momentum, weightDecay, augmented);
    }
}
