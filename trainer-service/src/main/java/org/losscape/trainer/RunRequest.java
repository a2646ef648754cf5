package org.losscape.trainer;

import java.util.List;
import org.losscape.training.LrSchedule;
import org.losscape.training.TrainingConfig;

/**
 * The body of {@code POST /runs}: every field is optional and falls back to
 * {@code losscape.trainer.defaults.*}; {@code trainSize} and {@code testSize} fall back to the
 * whole split. Unknown fields, explicit nulls and values of another JSON type (a string for a
 * number) are refused; integer fields take JSON integers only (no fractions). Field meanings
 * and ranges: {@link TrainingConfig}. The body itself is required: {@code {}} asks for every
 * default.
 *
 * <p>The default milestones belong to the milestone schedule: a request for another
 * {@code lrSchedule} (or defaults naming another one) gets no milestones unless it sends some,
 * which the configuration then rejects.
 *
 * @param lrSchedule {@code constant}, {@code milestones} or {@code plateau}, case-insensitive;
 *     absent: {@code losscape.trainer.defaults.lr-schedule}, else {@code milestones} if there
 *     are milestones and {@code constant} if not
 * @param autoSurface not a training setting: whether the projection service plans a surface
 *     of the final checkpoint on its own; absent leaves it to that service's
 *     {@code losscape.projection.auto-surface.enabled}. Carried by the run and its
 *     {@code CheckpointEvent}s as given.
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
        String lrSchedule,
        List<Integer> milestones,
        Double gamma,
        Integer patience,
        Double minLearningRate,
        Long seed,
        Integer trainSize,
        Integer testSize,
        Boolean augment,
        Boolean autoSurface) {

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
        LrSchedule schedule = lrSchedule != null
                ? LrSchedule.parse(lrSchedule)
                : defaults.lrSchedule().map(LrSchedule::parse).orElse(null);

        return new TrainingConfig(
                model != null ? model : defaults.model(),
                datasetOr(defaults),
                epochs != null ? epochs : defaults.epochs(),
                batchSize != null ? batchSize : defaults.batchSize(),
                learningRate != null ? learningRate : defaults.learningRate(),
                momentum != null ? momentum : defaults.momentum(),
                nesterov != null ? nesterov : defaults.nesterov(),
                weightDecay != null ? weightDecay : defaults.weightDecay(),
                schedule,
                milestonesOr(defaults, schedule),
                gamma != null ? gamma : defaults.gamma(),
                patience != null ? patience : defaults.patience(),
                minLearningRate != null ? minLearningRate : defaults.minLearningRate(),
                seed != null ? seed : defaults.seed(),
                trainSize != null ? trainSize : defaults.trainSize().orElse(trainImages),
                testSize != null ? testSize : defaults.testSize().orElse(testImages),
                augment != null ? augment : defaults.augment());
    }

    /**
     * What {@code field} takes when the request leaves it out, as an error message shows it;
     * null for a name that is not a field.
     */
    static String defaultOf(String field, TrainerConfig.Defaults defaults) {
        return switch (field) {
            case "model" -> defaults.model();
            case "dataset" -> defaults.dataset();
            case "epochs" -> String.valueOf(defaults.epochs());
            case "batchSize" -> String.valueOf(defaults.batchSize());
            case "learningRate" -> String.valueOf(defaults.learningRate());
            case "momentum" -> String.valueOf(defaults.momentum());
            case "nesterov" -> String.valueOf(defaults.nesterov());
            case "weightDecay" -> String.valueOf(defaults.weightDecay());
            case "lrSchedule" -> defaults.lrSchedule()
                    .orElse("milestones if there are milestones, else constant");
            case "milestones" -> defaults.milestones() + " for the milestones schedule";
            case "gamma" -> String.valueOf(defaults.gamma());
            case "patience" -> String.valueOf(defaults.patience());
            case "minLearningRate" -> String.valueOf(defaults.minLearningRate());
            case "seed" -> String.valueOf(defaults.seed());
            case "trainSize" -> defaults.trainSize().map(String::valueOf)
                    .orElse("the whole training split");
            case "testSize" -> defaults.testSize().map(String::valueOf)
                    .orElse("the whole test split");
            case "augment" -> String.valueOf(defaults.augment());
            case "autoSurface" -> "the projection service's"
                    + " losscape.projection.auto-surface.enabled";
            default -> null;
        };
    }

    /** The default milestones belong to the milestone schedule (or to none chosen yet). */
    private List<Integer> milestonesOr(TrainerConfig.Defaults defaults, LrSchedule schedule) {
        if (milestones != null) {
            return milestones;
        }
        boolean milestoneSchedule = schedule == null || schedule == LrSchedule.MILESTONES;
        return milestoneSchedule ? defaults.milestones() : List.of();
    }
}
