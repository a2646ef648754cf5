package org.losscape.trainer;

import java.util.List;
import org.losscape.training.TrainingConfig;

/**
 * The body of {@code POST /runs}: every field is optional and falls back to
 * {@code losscape.trainer.defaults.*}; {@code trainSize} and {@code testSize} fall back to the
 * whole split. Unknown fields are ignored. Field meanings and ranges: {@link TrainingConfig}.
 */
public record RunRequest(
        String model,
        String dataset,
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Double momentum,
        Boolean nesterov,
        Double weightDecay,
        List<Integer> milestones,
        Double gamma,
        Long seed,
        Integer trainSize,
        Integer testSize,
        Boolean augment) {

    /** The data set this request asks for. */
    String datasetOr(TrainerConfig.Defaults defaults) {
        return dataset != null ? dataset : defaults.dataset();
    }

    /**
     * The validated configuration, with defaults filled in.
     *
     * @param trainImages size of the training split, the default trainSize
     * @param testImages size of the test split, the default testSize
     */
    TrainingConfig toConfig(TrainerConfig.Defaults defaults, int trainImages, int testImages) {
        return new TrainingConfig(
                model != null ? model : defaults.model(),
                datasetOr(defaults),
                epochs != null ? epochs : defaults.epochs(),
                batchSize != null ? batchSize : defaults.batchSize(),
                learningRate != null ? learningRate : defaults.learningRate(),
                momentum != null ? momentum : defaults.momentum(),
                nesterov != null ? nesterov : defaults.nesterov(),
                weightDecay != null ? weightDecay : defaults.weightDecay(),
                milestones != null ? milestones : defaults.milestones(),
                gamma != null ? gamma : defaults.gamma(),
                seed != null ? seed : defaults.seed(),
                trainSize != null ? trainSize : defaults.trainSize().orElse(trainImages),
                testSize != null ? testSize : defaults.testSize().orElse(testImages),
                augment != null ? augment : defaults.augment());
    }
}
