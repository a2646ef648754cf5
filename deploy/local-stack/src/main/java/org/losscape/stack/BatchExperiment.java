package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.losscape.stack.SurfaceOptions.SurfacePlan;
import org.losscape.stack.Workbench.TrainedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code losscape experiment batch}: two runs from the same seed, one with small batches and
 * one with large, then the loss on the line from the first solution (α = 0) to the second
 * (α = 1) on training and test images (Keskar et al. 2017; Li et al. 2018, figure 2): the
 * large-batch solution sits in the narrower, sharper valley.
 */
@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains small-batch and large-batch runs from one seed, then"
                + " interpolates between the two solutions on training and test images.",
        footer = {"",
            "Sizes (each overridable by its flag):",
            "  small  8 epochs on 5000 training / 1000 test images at batch 64 and 512 (a tenth"
                    + " of the images, as Keskar et al.'s large batches), rate ÷10 after epochs"
                    + " 4, 6, 7, 41 points on α in [-0.5, 1.5] over 1000 training and 1000 test"
                    + " images; about 15 minutes on two cores.",
            "  full   300 epochs on 50000 / 10000 images at batch 64 and 4096, rate ÷10 after"
                    + " epochs 150, 225, 275, 401 points over all 50000 training and 10000 test"
                    + " images."})
final class BatchExperiment implements Callable<Integer> {

    static final Preset SMALL =
            new Preset(8, 5_000, 1_000, 64, 512, 41, 1.0, 1_000, 4, true, true);
    static final Preset FULL =
            new Preset(300, 50_000, 10_000, 64, 4_096, 401, 1.0, 50_000, 8, true, true);

    /** The reference code's interpolation axis: half a distance beyond each solution. */
    static final double ALPHA_MIN = -0.5;
    static final double ALPHA_MAX = 1.5;

    /** The rise above a solution's loss that delimits the valley width the summary gives. */
    private static final double VALLEY_RISE = 1.0;

    @Mixin
    ExperimentOptions options;

    @Option(names = "--model", defaultValue = "resnet20",
            description = "Network to train. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--large-batch-size", paramLabel = "N",
            description = "The large batch (--batch-size is the small one).")
    Integer largeBatchSize;

    @Override
    public Integer call() {
        options.check(SurfaceOptions.MAX_LINE_POINTS);
        Flags.requireModel("--model", model);
        if (largeBatchSize != null) {
            Flags.requireIn("--large-batch-size", largeBatchSize, 2, TrainingOptions.MAX_BATCH);
        }
        Preset preset = options.preset(SMALL, FULL);
        requireEndsOnGrid(options.surface.gridPoints != null
                ? options.surface.gridPoints : preset.gridPoints());

        Console console = new Console(System.out);
        Installation installation = Installation.locate();
        Path data = options.stack.data(console);
        CifarSizes sizes = CifarSizes.of(data);
        TrainingPlan training = options.training.resolve(preset, sizes, console::say);
        SurfacePlan surface = options.surface.resolve(
                preset, sizes.train(), "training images", console::say);
        int testEval = Math.min(surface.evalSize(), sizes.test());
        int largeBatch = largeBatch(preset, training);

        console.say(String.format("experiment batch (%s): %s on CIFAR-10 (%d of %d training"
                        + " images, %d test images), %s, batch %d and %d, seed %d",
                options.size.label(), model, training.trainSize(), sizes.train(),
                training.testSize(), training.describeSchedule(), training.batchSize(),
                largeBatch, training.seed()));
        console.say(String.format("then the line between the two solutions, %d points on α in"
                        + " [%s, %s], over %d training and %d test images",
                surface.gridPoints(), ALPHA_MIN, ALPHA_MAX, surface.evalSize(), testEval));
        Workbench bench = Workbench.start(
                installation, options.stackConfig(installation, "batch", data), console);

        String smallLabel = "batch " + training.batchSize();
        String largeLabel = "batch " + largeBatch;
        TrainedRun small = bench.train(smallLabel, training.request(model));
        TrainedRun large = bench.train(largeLabel, training.request(model, largeBatch));

        JsonNode group = bench.api().createInterpolation(
                interpolation(small.id(), large.id(), surface, testEval));
        String groupId = group.path("groupId").asText();
        Map<String, String> surfaceOfSplit = new LinkedHashMap<>();
        group.path("surfaces").forEach(planned -> surfaceOfSplit.put(
                planned.path("evalSet").path("split").asText(),
                planned.path("surfaceId").asText()));
        console.say(String.format("interpolation %s planned: %d points each on training and"
                + " test images", groupId, surface.gridPoints()));
        bench.complete("interpolation", new ArrayList<>(surfaceOfSplit.values()));

        Landscape train = Landscape.of(bench.api().values(surfaceOfSplit.get("train")));
        Landscape test = Landscape.of(bench.api().values(surfaceOfSplit.get("test")));
        console.say("summary (loss in nats; α = 0 is " + smallLabel + ", α = 1 is " + largeLabel
                + "; curvature and width of the training loss, width where it has risen by "
                + VALLEY_RISE + " nat):");
        console.say("  " + describeEnd(smallLabel, 0, -1, train, test));
        console.say("  " + describeEnd(largeLabel, 1, +1, train, test));
        console.say("  " + describeBarrier(train));
        if (train.nonFiniteCount() > 0) {
            console.say(String.format("  the training loss is not finite at %d of %d points"
                    + " (NaN wherever an interpolated BatchNorm running variance falls below"
                    + " zero; see docs/limitations.md)", train.nonFiniteCount(), train.x().length));
        }
        // The export of the training curve carries the test curve too (its group's twin).
        console.say("  export " + bench.exportHdf5(surfaceOfSplit.get("train"),
                "batch-" + training.batchSize() + "-to-" + largeBatch));
        return bench.finish(bench.api().groupPage(groupId), options.exitWhenDone);
    }

    /** The {@code POST /interpolations} body from run A (α = 0) to run B (α = 1). */
    static Map<String, Object> interpolation(
            String runA, String runB, SurfacePlan surface, int testEval) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("runA", runA);
        request.put("runB", runB);
        request.put("alpha", Map.of(
                "min", ALPHA_MIN, "max", ALPHA_MAX, "points", surface.gridPoints()));
        request.put("evalSets", Map.of("trainSize", surface.evalSize(), "testSize", testEval));
        request.put("chunkSize", surface.chunkSize());
        return request;
    }

    private int largeBatch(Preset preset, TrainingPlan training) {
        int batch = largeBatchSize != null
                ? largeBatchSize
                : Math.min(preset.largeBatchSize(), training.trainSize());
        if (batch <= training.batchSize() || batch > training.trainSize()) {
            throw new StackException("--large-batch-size (" + batch + ") must be in ["
                    + (training.batchSize() + 1) + ", " + training.trainSize() + "]: larger"
                    + " than --batch-size (" + training.batchSize() + ") and at most the "
                    + training.trainSize() + " training images (--train-size)");
        }
        training.requireAccepted(batch, "--large-batch-size");
        return batch;
    }

    /** α = 0 and α = 1 are grid points of [-0.5, 1.5] exactly when points is 4k + 1. */
    static void requireEndsOnGrid(int points) {
        if (points < 5 || (points - 1) % 4 != 0) {
            throw new StackException("--grid-points (" + points + ") must be 4k + 1 (5, 41,"
                    + " 401, ...) so that both solutions, α = 0 and α = 1, are on the grid");
        }
    }

    /**
     * Loss and accuracy of one solution on both splits, the curvature of the training loss
     * there and how far outward (away from the other solution) it stays within
     * {@link #VALLEY_RISE} nat.
     */
    private static String describeEnd(
            String label, double alpha, int outward, Landscape train, Landscape test) {
        int i = Landscape.indexOf(train.x(), alpha);
        double reach = train.reachAlongX(i, 0, VALLEY_RISE, outward);
        int nan = train.firstNaNAlongX(i, 0, outward);
        String width;
        if (Double.isNaN(reach) && nan >= 0) {
            width = String.format("> %.2f (the loss is NaN from α = %.2f on)",
                    Math.abs(train.x()[nan - outward] - alpha), train.x()[nan]);
        } else if (Double.isInfinite(reach)) {
            width = String.format("> %.2f",
                    Math.abs(train.x()[outward < 0 ? 0 : train.x().length - 1] - alpha));
        } else {
            width = String.format("%.3f", reach);
        }
        return String.format("α = %s (%s): train loss %.3f, acc %s; test loss %.3f, acc %s;"
                        + " curvature %.2f; width outward %s",
                alpha == 0 ? "0" : "1", label, train.loss()[i][0],
                TrainingFollower.percent(train.accuracy()[i][0]), test.loss()[i][0],
                TrainingFollower.percent(test.accuracy()[i][0]), train.curvatureAlongX(i, 0),
                width);
    }

    /** The highest training loss strictly between the solutions, above the higher end. */
    private static String describeBarrier(Landscape train) {
        int start = Landscape.indexOf(train.x(), 0);
        int end = Landscape.indexOf(train.x(), 1);
        double highest = Double.NEGATIVE_INFINITY;
        double at = Double.NaN;
        for (int i = start + 1; i < end; i++) {
            if (train.loss()[i][0] > highest) {
                highest = train.loss()[i][0];
                at = train.x()[i];
            }
        }
        double ends = Math.max(train.loss()[start][0], train.loss()[end][0]);
        return String.format("between them: train loss at most %.3f (α = %.2f), %.3f above"
                + " the higher end", highest, at, highest - ends);
    }
}
