package org.losscape.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    private static final double EXACT = 0;

    @Test
    void new_validConfig_keepsValuesAndCopiesMilestones() {
        List<Integer> milestones = Arrays.asList(2, 5);

        TrainingConfig config = valid(c -> c).withSizes(1000, 100);
        TrainingConfig withList = new TrainingConfig("resnet20", "cifar10", 6, 50, 0.1, 0.9,
                true, 5e-4, milestones, 0.5, 3, 100, 10, true);
        milestones.set(0, 1);

        assertEquals(1000, config.trainSize());
        assertEquals(List.of(2, 5), withList.milestones());
        assertEquals(2, withList.batchesPerEpoch());
    }

    @Test
    void learningRateAt_milestones_dropAfterMilestoneEpochs() {
        TrainingConfig config = new TrainingConfig("resnet20", "cifar10", 6, 10, 0.1, 0.9,
                false, 0, List.of(2, 4), 0.5, 1, 10, 10, false);

        assertEquals(0.1, config.learningRateAt(0), EXACT);
        assertEquals(0.1, config.learningRateAt(1), EXACT);
        assertEquals(0.1, config.learningRateAt(2), EXACT);
        assertEquals(0.05, config.learningRateAt(3), EXACT);
        assertEquals(0.05, config.learningRateAt(4), EXACT);
        assertEquals(0.025, config.learningRateAt(5), EXACT);
    }

    @Test
    void new_withoutSchedule_milestonesIfGivenElseConstant() {
        TrainingConfig withMilestones = valid(c -> c);
        TrainingConfig without = with(valid(c -> c), "milestones", List.of());
        TrainingConfig nullMilestones = with(valid(c -> c), "milestones", null);

        assertEquals(LrSchedule.MILESTONES, withMilestones.lrSchedule());
        assertEquals(LrSchedule.CONSTANT, without.lrSchedule());
        assertEquals(LrSchedule.CONSTANT, nullMilestones.lrSchedule());
        assertEquals(TrainingConfig.DEFAULT_PATIENCE, without.patience());
        assertEquals(0, without.minLearningRate(), EXACT);
        assertEquals(0.1, without.learningRateAt(5), EXACT);
    }

    @Test
    void new_plateau_keepsFieldsAndHasNoPlannedRates() {
        TrainingConfig config = schedule(LrSchedule.PLATEAU, List.of(), 0.5, 3, 0.001)
                .withSizes(100, 10);

        assertEquals(LrSchedule.PLATEAU, config.lrSchedule());
        assertEquals(3, config.patience());
        assertEquals(0.001, config.minLearningRate(), EXACT);
        assertThrows(IllegalStateException.class, () -> config.learningRateAt(2));
    }

    @Test
    void new_badScheduleFields_rejectedNamingField() {
        assertScheduleRejected("milestones", LrSchedule.PLATEAU, List.of(3), 0.5, 10, 0);
        assertScheduleRejected("milestones", LrSchedule.CONSTANT, List.of(3), 0.5, 10, 0);
        assertScheduleRejected("gamma", LrSchedule.PLATEAU, List.of(), 1.0, 10, 0);
        assertScheduleRejected("patience", LrSchedule.PLATEAU, List.of(), 0.5, -1, 0);
        assertScheduleRejected("patience", LrSchedule.PLATEAU, List.of(), 0.5, 10_001, 0);
        assertScheduleRejected("minLearningRate", LrSchedule.PLATEAU, List.of(), 0.5, 10, -1e-3);
        assertScheduleRejected("minLearningRate", LrSchedule.PLATEAU, List.of(), 0.5, 10,
                Double.NaN);
        assertScheduleRejected("minLearningRate", LrSchedule.PLATEAU, List.of(), 0.5, 10, 0.2);
    }

    @Test
    void parse_scheduleNames_caseInsensitiveAndUnknownRejected() {
        assertEquals(LrSchedule.PLATEAU, LrSchedule.parse("Plateau"));
        assertEquals("milestones", LrSchedule.MILESTONES.id());

        InvalidFieldException unknown = assertThrows(InvalidFieldException.class,
                () -> LrSchedule.parse("cosine"));
        InvalidFieldException missing = assertThrows(InvalidFieldException.class,
                () -> LrSchedule.parse(null));

        assertEquals("lrSchedule", unknown.field());
        assertEquals("lrSchedule (cosine) must be one of constant, milestones, plateau",
                unknown.getMessage());
        assertEquals("lrSchedule", missing.field());
    }

    @Test
    void reference_paperRecipe_isValid() {
        TrainingConfig reference = TrainingConfig.reference("resnet56", 7);

        assertEquals(391, reference.batchesPerEpoch());
        assertEquals(0.1, reference.learningRateAt(150), 1e-12);
        assertEquals(0.01, reference.learningRateAt(151), 1e-12);
        assertEquals(1e-4, reference.learningRateAt(300), 1e-12);
    }

    @Test
    void new_badValues_rejectedNamingField() {
        assertRejected("model", c -> with(c, "model", "resnet21"));
        assertRejected("model", c -> with(c, "model", null));
        assertRejected("dataset", c -> with(c, "dataset", "imagenet"));
        assertRejected("epochs", c -> with(c, "epochs", 0));
        assertRejected("epochs", c -> with(c, "epochs", 10_001));
        assertRejected("batchSize", c -> with(c, "batchSize", 0));
        assertRejected("batchSize", c -> with(c, "batchSize", 513));
        assertRejected("learningRate", c -> with(c, "learningRate", Double.NaN));
        assertRejected("learningRate", c -> with(c, "learningRate", 0.0));
        assertRejected("learningRate", c -> with(c, "learningRate", Double.POSITIVE_INFINITY));
        assertRejected("momentum", c -> with(c, "momentum", 1.0));
        assertRejected("momentum", c -> with(c, "momentum", -0.1));
        assertRejected("weightDecay", c -> with(c, "weightDecay", -1e-4));
        assertRejected("gamma", c -> with(c, "gamma", 0.0));
        assertRejected("gamma", c -> with(c, "gamma", 2.0));
        assertRejected("milestones", c -> with(c, "milestones", List.of(5, 5)));
        assertRejected("milestones", c -> with(c, "milestones", List.of(0)));
        assertRejected("trainSize", c -> with(c, "trainSize", 0));
        assertRejected("testSize", c -> with(c, "testSize", -1));
    }

    @Test
    void new_nesterovWithoutMomentum_rejectedNamingNesterov() {
        InvalidFieldException error = assertThrows(InvalidFieldException.class,
                () -> new TrainingConfig("resnet20", "cifar10", 1, 10, 0.1, 0, true, 0,
                        List.of(), 0.1, 1, 10, 10, false));

        assertEquals("nesterov", error.field());
    }

    @Test
    void new_messages_showValueAndRange() {
        InvalidFieldException epochs = assertThrows(InvalidFieldException.class,
                () -> with(valid(c -> c), "epochs", 0));
        InvalidFieldException batch = assertThrows(InvalidFieldException.class,
                () -> with(valid(c -> c), "batchSize", 513));
        InvalidFieldException milestones = assertThrows(InvalidFieldException.class,
                () -> with(valid(c -> c), "milestones", List.of(5, 3)));

        assertEquals("epochs (0) must be in [1, 10000]", epochs.getMessage());
        assertEquals("batchSize (513) must be at most trainSize (512)", batch.getMessage());
        assertTrue(milestones.getMessage().startsWith("milestones[1] (3) must be >"),
                milestones.getMessage());
    }

    private static void assertScheduleRejected(String field, LrSchedule lrSchedule,
            List<Integer> milestones, double gamma, int patience, double minLearningRate) {
        InvalidFieldException error = assertThrows(InvalidFieldException.class,
                () -> schedule(lrSchedule, milestones, gamma, patience, minLearningRate));
        assertEquals(field, error.field(), error.getMessage());
        assertTrue(error.getMessage().startsWith(field + " ("), error.getMessage());
    }

    /** A valid configuration at rate 0.1 but for the schedule's fields. */
    private static TrainingConfig schedule(LrSchedule lrSchedule, List<Integer> milestones,
            double gamma, int patience, double minLearningRate) {
        return new TrainingConfig("resnet20", "cifar10", 2, 64, 0.1, 0.9, false, 5e-4,
                lrSchedule, milestones, gamma, patience, minLearningRate, 1, 512, 128, false);
    }

    private static void assertRejected(String field, UnaryOperator<TrainingConfig> change) {
        InvalidFieldException error = assertThrows(InvalidFieldException.class,
                () -> change.apply(valid(c -> c)), field);
        assertEquals(field, error.field(), error.getMessage());
        assertTrue(error.getMessage().contains(field), error.getMessage());
    }

    private static TrainingConfig valid(UnaryOperator<TrainingConfig> change) {
        return change.apply(new TrainingConfig("resnet20", "cifar10", 2, 64, 0.1, 0.9, false,
                5e-4, List.of(1), 0.1, 1, 512, 128, false));
    }

    /** A copy of {@code c} with one field replaced, by name. */
    @SuppressWarnings("unchecked")
    private static TrainingConfig with(TrainingConfig c, String field, Object value) {
        return new TrainingConfig(
                field.equals("model") ? (String) value : c.model(),
                field.equals("dataset") ? (String) value : c.dataset(),
                field.equals("epochs") ? (Integer) value : c.epochs(),
                field.equals("batchSize") ? (Integer) value : c.batchSize(),
                field.equals("learningRate") ? (Double) value : c.learningRate(),
                field.equals("momentum") ? (Double) value : c.momentum(),
                c.nesterov(),
                field.equals("weightDecay") ? (Double) value : c.weightDecay(),
                field.equals("milestones") ? (List<Integer>) value : c.milestones(),
                field.equals("gamma") ? (Double) value : c.gamma(),
                c.seed(),
                field.equals("trainSize") ? (Integer) value : c.trainSize(),
                field.equals("testSize") ? (Integer) value : c.testSize(),
                c.augment());
    }
}
