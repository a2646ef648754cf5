package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code losscape experiment trajectory}: one training run, then the plane of the top two
 * principal directions of its path θ_0 … θ_n around the final weights, with the path drawn
 * over the loss (Li et al. 2018, section 7). The paper finds that two directions hold most of
 * the path's variance: the path is nearly flat, which random directions cannot show.
 */
@Command(
        name = "trajectory",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains one run, then computes the loss on the PCA plane of its"
                + " trajectory (every epoch's checkpoint) and draws the path over it.",
        footer = {"",
            "Sizes (each overridable by its flag):",
            "  small  10 epochs on 4000 training / 1000 test images at batch 128, rate ÷10"
                    + " after epochs 5, 8, 9, a 15×15 PCA plane over 500 training images;"
                    + " about 10 minutes on two cores.",
            "  full   300 epochs on 50000 / 10000 images at batch 128, rate ÷10 after epochs"
                    + " 150, 225, 275, a 51×51 PCA plane over all 50000 training images."})
final class TrajectoryExperiment implements Callable<Integer> {

    static final Preset SMALL = new Preset(10, 4_000, 1_000, 128, 0, 15, 1.0, 500, 4, true, true);
    static final Preset FULL =
            new Preset(300, 50_000, 10_000, 128, 0, 51, 1.0, 50_000, 8, true, true);

    /**
     * The projection service evaluates every checkpoint of the path before it answers: about a
     * second per checkpoint and 1,000 images on two CPU threads, hours at the full size.
     */
    private static final Duration PCA_PLANNING_TIMEOUT = Duration.ofHours(24);

    @Mixin
    ExperimentOptions options;

    @Option(names = "--model", defaultValue = "resnet20",
            description = "Network to train. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--margin", paramLabel = "F", defaultValue = "0.2",
            description = "Padding of the plane around the projected path, a fraction of its"
                    + " larger span, along each axis without a range flag."
                    + " Default: ${DEFAULT-VALUE}.")
    double margin;

    @Option(names = "--x-range", paramLabel = "MIN:MAX",
            description = "α range of the plane along the first principal direction, in"
                    + " parameter-space units (the direction has unit norm), e.g. -10:10;"
                    + " -1e6 <= MIN < MAX <= 1e6. Default: the projected path with --margin.")
    String xRange;

    @Option(names = "--y-range", paramLabel = "MIN:MAX",
            description = "β range of the plane along the second principal direction, as"
                    + " --x-range. Default: the projected path with --margin.")
    String yRange;

    @Override
    public Integer call() {
        options.check(SurfaceOptions.MAX_PLANE_POINTS);
        Flags.requireModel("--model", model);
        if (!(margin >= 0 && margin <= 10)) {
            throw new StackException("--margin (" + margin + ") must be in [0, 10]");
        }
        AxisRange alphaRange = AxisRange.parse("--x-range", xRange);
        AxisRange betaRange = AxisRange.parse("--y-range", yRange);
        Preset preset = options.preset(SMALL, FULL);
        int epochs = options.training.epochs != null ? options.training.epochs : preset.epochs();
        if (epochs < 2) {
            throw new StackException("--epochs (" + epochs + ") must be in [2, "
                    + TrainingOptions.MAX_EPOCHS + "]: the PCA of a path needs at least 3"
                    + " checkpoints (epoch 0 is one)");
        }

        Console console = new Console(System.out);
        Installation installation = Installation.locate();
        Path data = options.stack.data(console);
        CifarSizes sizes = CifarSizes.of(data);
        TrainingPlan training = options.training.resolve(preset, sizes, console::say);
        SurfacePlan surface = options.surface.resolve(
                preset, sizes.train(), "training images", console::say);

        console.say(String.format("experiment trajectory (%s): %s on CIFAR-10 (%d of %d"
                        + " training images, %d test images), %s, batch %d, seed %d",
                options.size.label(), model, training.trainSize(), sizes.train(),
                training.testSize(), training.describeSchedule(), training.batchSize(),
                training.seed()));
        console.say(String.format("then the %d×%d PCA plane of its %d checkpoints over %d"
                        + " training images", surface.gridPoints(), surface.gridPoints(),
                training.epochs() + 1, surface.evalSize()));
        Workbench bench = Workbench.start(
                installation, options.stackConfig(installation, "trajectory", data), console);

        TrainedRun run = bench.train(model, training.request(model));
        console.say(String.format("planning the PCA plane: the projection service evaluates"
                + " the %d checkpoints on %d images first", training.epochs() + 1,
                surface.evalSize()));
        long planning = System.nanoTime();
        JsonNode planned = bench.api().createSurface(
                pcaPlane(run.id(), margin, alphaRange, betaRange, surface), PCA_PLANNING_TIMEOUT);
        String surfaceId = planned.path("surfaceId").asText();
        JsonNode grid = planned.path("grid");
        console.say(String.format("PCA plane %s planned in %s: α in [%.2f, %.2f], β in"
                        + " [%.2f, %.2f], %d points in %s",
                surfaceId, Console.clock((System.nanoTime() - planning) / 1e9),
                grid.path("x").path("min").asDouble(), grid.path("x").path("max").asDouble(),
                grid.path("y").path("min").asDouble(), grid.path("y").path("max").asDouble(),
                grid.path("x").path("points").asInt() * grid.path("y").path("points").asInt(),
                Console.count(planned.path("chunkCount").asInt(), "chunk")));
        bench.complete("PCA plane", List.of(surfaceId));

        Landscape plane = Landscape.of(bench.api().values(surfaceId));
        console.say("summary (loss in nats on " + surface.evalSize() + " training images):");
        describe(planned.path("trajectory"), plane).forEach(line -> console.say("  " + line));
        console.say("  export " + bench.exportHdf5(surfaceId, "trajectory-" + model));
        return bench.finish(bench.api().page(surfaceId), options.exitWhenDone);
    }

    /**
     * The {@code POST /surfaces} body of a PCA plane: each axis over its given range, or, when
     * that is null, over the projected path with {@code margin}, as the service covers it.
     */
    static Map<String, Object> pcaPlane(String runId, double margin, AxisRange alphaRange,
            AxisRange betaRange, SurfacePlan surface) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("runId", runId);
        request.put("directions", "pca");
        request.put("grid", Map.of(
                "x", axis(alphaRange, surface.gridPoints()),
                "y", axis(betaRange, surface.gridPoints())));
        request.put("margin", margin);
        request.put("evalSet", Map.of("split", "train", "size", surface.evalSize()));
        request.put("chunkSize", surface.chunkSize());
        return request;
    }

    private static Map<String, Object> axis(AxisRange range, int points) {
        if (range == null) {
            return Map.of("points", points);
        }
        return Map.of("min", range.min(), "max", range.max(), "points", points);
    }

    /**
     * The explained variance of both directions, where the path starts and ends on the plane,
     * how far it strays from it, and the plane's loss range.
     */
    private static List<String> describe(JsonNode trajectory, Landscape plane) {
        JsonNode ratios = trajectory.path("explainedVariance");
        double first = ratios.path(0).asDouble();
        double second = ratios.path(1).asDouble();
        JsonNode path = trajectory.path("path");
        JsonNode start = path.path(0);
        JsonNode end = path.path(path.size() - 1);
        double farthest = 0;
        double length = 0;
        for (int k = 0; k < path.size(); k++) {
            farthest = Math.max(farthest, path.get(k).path("residual").asDouble());
            if (k > 0) {
                length += Math.hypot(path.get(k).path("x").asDouble()
                                - path.get(k - 1).path("x").asDouble(),
                        path.get(k).path("y").asDouble() - path.get(k - 1).path("y").asDouble());
            }
        }
        return List.of(
                String.format("explained variance: %.1f%% + %.1f%% = %.1f%% of the path's"
                        + " variance in the plane", 100 * first, 100 * second,
                        100 * (first + second)),
                String.format("path: epoch %d at (%.2f, %.2f) loss %.3f → epoch %d at (0, 0)"
                                + " loss %.3f; %.2f long in the plane, at most %.2f off it",
                        start.path("epoch").asInt(), start.path("x").asDouble(),
                        start.path("y").asDouble(), start.path("loss").asDouble(),
                        end.path("epoch").asInt(), end.path("loss").asDouble(), length,
                        farthest),
                String.format("plane loss %.3f – %.3f", plane.minLoss(), plane.maxLoss()));
    }
}
