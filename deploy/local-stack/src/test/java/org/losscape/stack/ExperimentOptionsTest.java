package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.stack.SurfaceOptions.SurfacePlan;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Option parsing and size presets of the experiments, without starting anything. */
class ExperimentOptionsTest {

    private static final CifarSizes FULL_CIFAR = new CifarSizes(50_000, 10_000);
    private static final CifarSizes SUBSET = new CifarSizes(4_000, 1_000);
    private static final String MISSING_DATA = "/nonexistent/losscape-test/cifar";

    @Test
    void skip_withoutFlags_takesTheSmallPreset() {
        SkipExperiment skip = parse(SkipExperiment.class, "experiment", "skip");

        TrainingPlan plan = skip.options.training.resolve(
                skip.options.preset(SkipExperiment.SMALL, SkipExperiment.FULL), FULL_CIFAR,
                line -> { });

        assertEquals(ExperimentSize.SMALL, skip.options.size);
        assertEquals(6, plan.epochs());
        assertEquals(5_000, plan.trainSize());
        assertEquals(List.of(3, 5), plan.milestones());
        assertEquals(Boolean.TRUE, plan.augment());
    }

    @Test
    void batch_fullSizeWithAnOverride_keepsThePaperSizesAndTheOverride() {
        BatchExperiment batch = parse(BatchExperiment.class, "experiment", "batch",
                "--size", "FULL", "--epochs", "200", "--eval-size", "999999");
        Preset preset = batch.options.preset(BatchExperiment.SMALL, BatchExperiment.FULL);
        List<String> said = new ArrayList<>();

        TrainingPlan plan = batch.options.training.resolve(preset, FULL_CIFAR, said::add);
        SurfacePlan surface =
                batch.options.surface.resolve(preset, 50_000, "training images", said::add);
        Map<String, Object> large = plan.request("resnet20", preset.largeBatchSize());

        assertEquals(200, plan.epochs());
        assertEquals(List.of(100, 150, 183), plan.milestones());
        assertEquals(50_000, plan.trainSize());
        assertEquals(4_096, large.get("batchSize"));
        assertEquals(64, plan.request("resnet20").get("batchSize"));
        assertEquals(401, surface.gridPoints());
        assertEquals(50_000, surface.evalSize());
        assertEquals(1, said.size(), "the cut --eval-size is reported: " + said);
    }

    @Test
    void trainingSizes_beyondASubset_areCutToWhatItHolds() {
        TrajectoryExperiment trajectory = parse(TrajectoryExperiment.class, "experiment",
                "trajectory", "--size", "full", "--milestones", "2,4", "--no-augment");

        TrainingPlan plan = trajectory.options.training.resolve(
                trajectory.options.preset(TrajectoryExperiment.SMALL, TrajectoryExperiment.FULL),
                new CifarSizes(4_000, 1_000), line -> { });

        assertEquals(300, plan.epochs());
        assertEquals(4_000, plan.trainSize());
        assertEquals(1_000, plan.testSize());
        assertEquals(List.of(2, 4), plan.milestones());
        assertEquals(false, plan.request("resnet20").get("augment"));
    }

    @Test
    void batch_plateauSchedule_sendsItWithoutThePresetsMilestones() {
        BatchExperiment batch = parse(BatchExperiment.class, "experiment", "batch",
                "--lr-schedule", "plateau", "--patience", "2", "--min-lr", "0.001");

        TrainingPlan plan = batch.options.training.resolve(
                batch.options.preset(BatchExperiment.SMALL, BatchExperiment.FULL), FULL_CIFAR,
                line -> { });
        Map<String, Object> request = plan.request("resnet20");

        assertEquals("plateau", request.get("lrSchedule"));
        assertEquals(2, request.get("patience"));
        assertEquals(0.001, request.get("minLearningRate"));
        assertNull(request.get("milestones"));
        assertTrue(plan.describeSchedule().contains("more than 2 epochs without improvement"),
                plan.describeSchedule());
    }

    @Test
    void trainingFlags_thatTheScheduleIgnores_areRejectedNamingThem() {
        TrainingOptions constant = parse(SkipExperiment.class, "experiment", "skip",
                "--lr-schedule", "constant", "--milestones", "3").options.training;
        TrainingOptions patient = parse(SkipExperiment.class, "experiment", "skip",
                "--patience", "3").options.training;

        StackException milestones = assertThrows(StackException.class,
                () -> constant.resolve(SkipExperiment.SMALL, FULL_CIFAR, line -> { }));
        StackException patience = assertThrows(StackException.class,
                () -> patient.resolve(SkipExperiment.SMALL, FULL_CIFAR, line -> { }));

        assertTrue(milestones.getMessage().contains("--milestones"), milestones.getMessage());
        assertTrue(patience.getMessage().contains("--patience"), patience.getMessage());
    }

    @Test
    void demo_withoutFlags_dropsTheRateForTheLastEpochAndLeavesAugmentation() {
        DemoCommand demo = parse(DemoCommand.class, "demo");

        TrainingPlan plan = demo.training.resolve(DemoCommand.PRESET, FULL_CIFAR, line -> { });

        assertEquals(3, plan.epochs());
        assertEquals(List.of(2), plan.request("resnet20").get("milestones"));
        assertNull(plan.request("resnet20").get("augment"));
    }

    /**
     * Values the services would refuse only after the stack started, or after training, are
     * refused first, naming the flag: the data location given does not exist, so a check that
     * came later would fail with another message.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--grid-points, 100000, '--grid-points (100000) must be in [2, 1000]'",
        "--grid-points, 1, '--grid-points (1) must be in [2, 1000]'",
        "--chunk-size, 0, '--chunk-size (0) must be in [1, 1000]'",
        "--chunk-size, 1001, '--chunk-size (1001) must be in [1, 1000]'",
        "--milestones, '3,2', '--milestones (3,2) must be strictly increasing epochs >= 1,"
                + " e.g. 150,225,275; 2 follows 3'",
        "--milestones, '2,2', '--milestones (2,2) must be strictly increasing'",
        "--milestones, '0,2', '--milestones (0,2) must be strictly increasing epochs >= 1,"
                + " e.g. 150,225,275; 0 is not >= 1'",
        "--min-lr, 0.5, '--min-lr (0.5) must be in [0, 0.1]'",
        "--patience, 10001, '--patience (10001) must be in [0, 10000]'",
        "--range, Infinity, '--range (Infinity) must be in (0, 1e6]'",
        "--range, NaN, '--range (NaN) must be in (0, 1e6]'",
        "--model, resnet21, '--model (resnet21) must be one of'",
        "--lr, NaN, '--lr (NaN) must be finite and > 0'",
        "--batch-size, 0, '--batch-size (0) must be in [1, 4096]'",
        "--epochs, 0, '--epochs (0) must be in [1, 10000]'",
        "--http-port, 70000, '--http-port (70000) must be in [1, 65531]'",
        "--kafka-port, 65535, '--kafka-port (65535) must be in [1, 65534]'",
        "--workers, 0, '--workers (0) must be in [1, 16]'",
    })
    void demo_badFlag_isRefusedBeforeTheDataIsLookedFor(String flag, String value,
            String message) {
        DemoCommand demo = parse(DemoCommand.class, "demo", "--cifar", MISSING_DATA, flag, value);

        StackException error = assertThrows(StackException.class, demo::call);

        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }

    @Test
    void demo_batchLargerThanTheTrainingImages_isRefusedNamingBoth() {
        DemoCommand demo = parse(DemoCommand.class, "demo", "--train-size", "100");

        StackException error = assertThrows(StackException.class,
                () -> demo.training.resolve(DemoCommand.PRESET, SUBSET, line -> { }));

        assertTrue(error.getMessage().startsWith("--batch-size (128) must be in [1, 100]: a"
                + " batch cannot be larger than the 100 training images"), error.getMessage());
    }

    /** An image count below 1 was refused with the range [1, 2147483647]. */
    @Test
    void imageCounts_belowOne_areRefusedWithWhatTheCopyHolds() {
        DemoCommand train = parse(DemoCommand.class, "demo", "--train-size", "0");
        DemoCommand test = parse(DemoCommand.class, "demo", "--test-size", "-3");
        DemoCommand eval = parse(DemoCommand.class, "demo", "--eval-split", "test",
                "--eval-size", "0");

        String trainMessage = assertThrows(StackException.class,
                () -> train.training.resolve(DemoCommand.PRESET, SUBSET, line -> { }))
                .getMessage();
        String testMessage = assertThrows(StackException.class,
                () -> test.training.resolve(DemoCommand.PRESET, SUBSET, line -> { }))
                .getMessage();
        String evalMessage = assertThrows(StackException.class,
                () -> eval.surface.resolve(DemoCommand.PRESET, SUBSET.test(),
                        eval.evalSplit.images(), line -> { })).getMessage();

        assertEquals("--train-size (0) must be in [1, 4000]: this CIFAR-10 copy holds 4000"
                + " training images (a larger value is cut to that)", trainMessage);
        assertTrue(testMessage.startsWith("--test-size (-3) must be in [1, 1000]: this CIFAR-10"
                + " copy holds 1000 test images"), testMessage);
        assertTrue(evalMessage.startsWith("--eval-size (0) must be in [1, 1000]: this CIFAR-10"
                + " copy holds 1000 test images"), evalMessage);
    }

    @Test
    void batch_largeBatchAboveTheTrainersLimit_isRefusedBeforeTheDataIsLookedFor() {
        BatchExperiment batch = parse(BatchExperiment.class, "experiment", "batch",
                "--cifar", MISSING_DATA, "--large-batch-size", "5000");

        StackException error = assertThrows(StackException.class, batch::call);

        assertTrue(error.getMessage().startsWith("--large-batch-size (5000) must be in [2, 4096]"),
                error.getMessage());
    }

    /**
     * Whatever the commands' own checks let through is still held against the trainer's
     * rules, and the refusal names the flag.
     */
    @Test
    void requireAccepted_planTheTrainerRefuses_namesTheFlagAndTheTrainersRule() {
        TrainingPlan decreasing = new TrainingPlan(3, 1000, 100, 128, 0.1, 0.9, 5e-4, null,
                List.of(3, 2), null, null, null, 1);
        TrainingPlan largeBatch = new TrainingPlan(3, 1000, 100, 128, 0.1, 0.9, 5e-4, null,
                List.of(2), null, null, null, 1);

        StackException milestones = assertThrows(StackException.class,
                () -> decreasing.requireAccepted(128, "--batch-size"));
        StackException batch = assertThrows(StackException.class,
                () -> largeBatch.requireAccepted(2000, "--large-batch-size"));
        largeBatch.requireAccepted(1000, "--large-batch-size");

        assertEquals("--milestones: the trainer would refuse it: milestones[1] (2) must be >"
                + " milestones[0] (3): milestones are strictly increasing",
                milestones.getMessage());
        assertEquals("--large-batch-size: the trainer would refuse it: batchSize (2000) must be"
                + " at most trainSize (1000)", batch.getMessage());
    }

    @Test
    void describeSchedule_oneEpoch_saysEpochInTheSingular() {
        TrainingPlan plan = new TrainingPlan(1, 1000, 100, 128, 0.1, 0.9, 5e-4, "plateau",
                null, 1, null, true, 1);

        assertEquals("1 epoch, rate 0.1 ÷10 after more than 1 epoch without improvement,"
                + " momentum 0.9, weight decay 5.0E-4, augmented", plan.describeSchedule());
    }

    @Test
    void demo_unknownEvalSplit_isRefusedByTheParserWithTheChoices() {
        CommandLine.ParameterException error = assertThrows(
                CommandLine.ParameterException.class,
                () -> parse(DemoCommand.class, "demo", "--eval-split", "val"));

        assertTrue(error.getMessage().contains("TRAIN, TEST"), error.getMessage());
    }

    @Test
    void experiments_badFlags_areRefusedBeforeTheDataIsLookedFor() {
        SkipExperiment noskip = parse(SkipExperiment.class, "experiment", "skip",
                "--cifar", MISSING_DATA, "--model", "resnet56-noskip");
        BatchExperiment grid = parse(BatchExperiment.class, "experiment", "batch",
                "--cifar", MISSING_DATA, "--grid-points", "40");
        TrajectoryExperiment epochs = parse(TrajectoryExperiment.class, "experiment",
                "trajectory", "--cifar", MISSING_DATA, "--epochs", "1");

        String skipMessage = assertThrows(StackException.class, noskip::call).getMessage();
        String gridMessage = assertThrows(StackException.class, grid::call).getMessage();
        String epochsMessage = assertThrows(StackException.class, epochs::call).getMessage();

        assertTrue(skipMessage.startsWith("--model (resnet56-noskip) must be a network with"
                + " skip connections"), skipMessage);
        assertTrue(gridMessage.startsWith("--grid-points (40) must be 4k + 1"), gridMessage);
        assertTrue(epochsMessage.startsWith("--epochs (1) must be in [2, 10000]"),
                epochsMessage);
    }

    @Test
    void trajectory_rangeFlags_sendMinAndMaxWithThePointsOfEachAxis() {
        TrajectoryExperiment trajectory = parse(TrajectoryExperiment.class, "experiment",
                "trajectory", "--x-range", "-12.5:7", "--y-range=-1e6:1e6", "--grid-points", "21");
        SurfacePlan surface = trajectory.options.surface.resolve(
                TrajectoryExperiment.SMALL, 4_000, "training images", line -> { });

        Map<String, Object> request = TrajectoryExperiment.pcaPlane("run-1", trajectory.margin,
                AxisRange.parse("--x-range", trajectory.xRange),
                AxisRange.parse("--y-range", trajectory.yRange), surface);

        assertEquals(Map.of(
                "x", Map.of("min", -12.5, "max", 7.0, "points", 21),
                "y", Map.of("min", -1e6, "max", 1e6, "points", 21)), request.get("grid"),
                "the service's bound ±1e6 is allowed");
        assertEquals("pca", request.get("directions"));
    }

    @Test
    void trajectory_oneRangeFlag_leavesTheOtherAxisToThePathAndMargin() {
        TrajectoryExperiment trajectory = parse(TrajectoryExperiment.class, "experiment",
                "trajectory", "--y-range", "-3:4.5", "--margin", "0.5");
        SurfacePlan surface = trajectory.options.surface.resolve(
                TrajectoryExperiment.SMALL, 4_000, "training images", line -> { });

        Map<String, Object> request = TrajectoryExperiment.pcaPlane("run-1", trajectory.margin,
                AxisRange.parse("--x-range", trajectory.xRange),
                AxisRange.parse("--y-range", trajectory.yRange), surface);

        assertNull(trajectory.xRange);
        assertEquals(Map.of(
                "x", Map.of("points", 15),
                "y", Map.of("min", -3.0, "max", 4.5, "points", 15)), request.get("grid"));
        assertEquals(0.5, request.get("margin"));
    }

    @Test
    void trajectory_withoutRangeFlags_sendsPointsOnlyForThePathToBeCovered() {
        TrajectoryExperiment trajectory =
                parse(TrajectoryExperiment.class, "experiment", "trajectory");
        SurfacePlan surface = trajectory.options.surface.resolve(
                TrajectoryExperiment.SMALL, 4_000, "training images", line -> { });

        Map<String, Object> request = TrajectoryExperiment.pcaPlane("run-1", trajectory.margin,
                AxisRange.parse("--x-range", trajectory.xRange),
                AxisRange.parse("--y-range", trajectory.yRange), surface);

        assertEquals(Map.of("x", Map.of("points", 15), "y", Map.of("points", 15)),
                request.get("grid"));
        assertEquals(0.2, request.get("margin"));
    }

    /**
     * A range the projection service would refuse only after the run has trained is refused
     * first, naming the flag and the allowed form and bounds.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--x-range | 5:5    | MIN (5.0) is not below MAX (5.0)",
        "--y-range | 1:-1   | MIN (1.0) is not below MAX (-1.0)",
        "--x-range | NaN:1  | NaN is not finite",
        "--y-range | 0:Infinity | Infinity is not finite",
        "--x-range | -2e6:0 | -2000000.0 is beyond ±1e6",
        "--y-range | 0:1.5e6 | 1500000.0 is beyond ±1e6",
        "--x-range | 10     | give one ':' between MIN and MAX",
        "--x-range | 1:2:3  | give one ':' between MIN and MAX",
        "--y-range | a:1    | 'a' is not a number",
        "--y-range | 1:     | '' is not a number",
    })
    void trajectory_badRange_isRefusedBeforeTheDataIsLookedFor(String flag, String value,
            String problem) {
        TrajectoryExperiment trajectory = parse(TrajectoryExperiment.class, "experiment",
                "trajectory", "--cifar", MISSING_DATA, flag, value);

        StackException error = assertThrows(StackException.class, trajectory::call);

        assertEquals(flag + " (" + value + ") must be MIN:MAX with -1e6 <= MIN < MAX <= 1e6,"
                + " e.g. -10:10; " + problem, error.getMessage());
    }

    @Test
    void paperMilestones_scaleTheScheduleToTheEpochs() {
        assertEquals(List.of(150, 225, 275), Preset.paperMilestones(300));
        assertEquals(List.of(5, 8, 9), Preset.paperMilestones(10));
        assertEquals(List.of(), Preset.paperMilestones(1));
    }

    @Test
    void size_unknown_isRejectedByTheParser() {
        assertThrows(CommandLine.ParameterException.class, () -> LosscapeCommand.commandLine()
                .parseArgs("experiment", "skip", "--size", "huge"));
    }

    @Test
    void interpolationGrid_withoutBothSolutions_isRejected() {
        BatchExperiment.requireEndsOnGrid(41);
        assertThrows(StackException.class, () -> BatchExperiment.requireEndsOnGrid(40));
    }

    @Test
    void landscape_ofAParabola_givesItsCurvatureAndWidth() {
        double[] x = {-1, -0.5, 0, 0.5, 1};
        double[][] loss = new double[5][1];
        for (int i = 0; i < x.length; i++) {
            loss[i][0] = 3 * x[i] * x[i] + 0.5;
        }
        Landscape line = new Landscape(x, new double[] {0}, loss, new double[5][1]);

        assertEquals(6.0, line.curvatureAlongX(2, 0), 1e-12);
        // 3x² rises by 1 at x = 0.577; linear between 0.5 (0.75) and 1 (3) gives 0.5556.
        assertEquals(0.5 + 0.5 * 0.25 / 2.25, line.reachAlongX(2, 0, 1.0, +1), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, line.reachAlongX(2, 0, 10.0, -1));
        assertEquals(0.6, line.shareWithin(2, 0, 1.0), 1e-12);
    }

    @Test
    void landscape_withNaNOnOneSide_findsWhereTheNaNsBegin() {
        double[] x = {-1, -0.5, 0, 0.5, 1};
        double[][] loss = {{Double.NaN}, {2}, {1}, {2}, {Double.POSITIVE_INFINITY}};
        Landscape line = new Landscape(x, new double[] {0}, loss, new double[5][1]);

        assertEquals(0, line.firstNaNAlongX(2, 0, -1));
        assertEquals(-1, line.firstNaNAlongX(2, 0, +1));
        assertEquals(2, line.nonFiniteCount());
        assertTrue(Double.isNaN(line.reachAlongX(2, 0, 5.0, -1)));
    }

    @Test
    void nonConvexShare_ofABowl_isZeroAndOfASaddle_isOne() {
        double[] axis = {-1, -0.5, 0, 0.5, 1};
        double[][] bowl = new double[5][5];
        double[][] saddle = new double[5][5];
        double[][] ridge = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                bowl[i][j] = axis[i] * axis[i] + 2 * axis[j] * axis[j] + axis[i] * axis[j];
                saddle[i][j] = axis[i] * axis[i] - axis[j] * axis[j];
                // Convex along both axes, yet the cross term makes it a saddle.
                ridge[i][j] = axis[i] * axis[i] + axis[j] * axis[j] + 3 * axis[i] * axis[j];
            }
        }
        bowl[4][4] = Double.NaN;

        assertEquals(0.0, new Landscape(axis, axis, bowl, bowl).nonConvexShare(), 0);
        assertEquals(1.0, new Landscape(axis, axis, saddle, saddle).nonConvexShare(), 0);
        assertEquals(1.0, new Landscape(axis, axis, ridge, ridge).nonConvexShare(), 0);
    }

    private static <T> T parse(Class<T> type, String... args) {
        ParseResult result = LosscapeCommand.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }
}
