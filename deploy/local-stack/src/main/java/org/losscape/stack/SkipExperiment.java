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
 * {@code losscape experiment skip}: a ResNet with and without skip connections, trained from
 * the same seed, then a random plane around each trained network with one direction seed,
 * drawn side by side on one colour scale (Li et al. 2018, figure 5). Without skip connections
 * the paper's deep networks sit in sharper, more chaotic basins.
 */
@Command(
        name = "skip",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains a ResNet with and without skip connections from one seed, then"
                + " compares a random plane around each (one direction seed), side by side.",
        footer = {"",
            "Sizes (each overridable by its flag):",
            "  small  6 epochs on 5000 training / 1000 test images at batch 128, 11×11 planes"
                    + " on [-1, 1]² over 500 training images; about 15 minutes on two cores.",
            "  full   300 epochs on 50000 / 10000 images at batch 128, rate ÷10 after epochs"
                    + " 150, 225, 275, 51×51 planes over all 50000 training images."})
final class SkipExperiment implements Callable<Integer> {

    static final Preset SMALL = new Preset(6, 5_000, 1_000, 128, 0, 11, 1.0, 500, 4, true, true);
    static final Preset FULL =
            new Preset(300, 50_000, 10_000, 128, 0, 51, 1.0, 50_000, 8, true, true);

    /** The rise above the loss at θ* that delimits the basin the summary measures. */
    private static final double BASIN_RISE = 1.0;

    @Mixin
    ExperimentOptions options;

    @Option(names = "--model", defaultValue = "resnet56",
            description = "The network with skip connections; its twin without them is"
                    + " <model>-noskip. The paper's contrast grows with depth: resnet20 and its"
                    + " twin look alike, resnet56 and resnet110 do not."
                    + " Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--range", paramLabel = "R",
            description = "The planes span [-R, R]². Default: 1.0.")
    Double range;

    @Override
    public Integer call() {
        options.check(SurfaceOptions.MAX_PLANE_POINTS);
        Flags.requireModel("--model", model);
        if (model.endsWith("-noskip")) {
            throw new StackException("--model (" + model + ") must be a network with skip"
                    + " connections, e.g. resnet56: the experiment trains its -noskip twin");
        }
        Preset preset = options.preset(SMALL, FULL);
        double span = range != null ? range : preset.range();
        Flags.requireRange("--range", span);

        Console console = new Console(System.out);
        Installation installation = Installation.locate();
        Path data = options.stack.data(console);
        CifarSizes sizes = CifarSizes.of(data);
        TrainingPlan training = options.training.resolve(preset, sizes, console::say);
        SurfacePlan surface = options.surface.resolve(
                preset, sizes.train(), "training images", console::say);
        String twin = model + "-noskip";

        console.say(String.format("experiment skip (%s): %s and %s on CIFAR-10 (%d of %d"
                        + " training images, %d test images), %s, batch %d, seed %d",
                options.size.label(), model, twin, training.trainSize(),
                sizes.train(), training.testSize(), training.describeSchedule(),
                training.batchSize(), training.seed()));
        console.say(String.format("then a %d×%d random plane around each on [-%s, %s]²,"
                        + " direction seed %d, filter-normalized, over %d training images",
                surface.gridPoints(), surface.gridPoints(), span, span, training.seed(),
                surface.evalSize()));
        Workbench bench = Workbench.start(
                installation, options.stackConfig(installation, "skip", data), console);

        TrainedRun withSkip = bench.train(model, training.request(model));
        TrainedRun withoutSkip = bench.train(twin, training.request(twin));

        JsonNode group = bench.api().createComparison(comparison(
                List.of(withSkip.id(), withoutSkip.id()), training.seed(), span, surface));
        String groupId = group.path("groupId").asText();
        Map<String, String> surfaceOfRun = new LinkedHashMap<>();
        group.path("surfaces").forEach(planned -> surfaceOfRun.put(
                planned.path("runId").asText(), planned.path("surfaceId").asText()));
        console.say(String.format("comparison %s planned: %d×%d points for each of %s and %s",
                groupId, surface.gridPoints(), surface.gridPoints(), model, twin));
        List<String> surfaceIds = new ArrayList<>(surfaceOfRun.values());
        bench.complete("comparison", surfaceIds);

        console.say("summary (loss in nats on " + surface.evalSize() + " training images):");
        for (TrainedRun run : List.of(withSkip, withoutSkip)) {
            String label = run == withSkip ? model : twin;
            String surfaceId = surfaceOfRun.get(run.id());
            console.say("  " + label + ": " + describe(
                    Landscape.of(bench.api().values(surfaceId)), run));
            console.say("    export " + bench.exportHdf5(surfaceId, "skip-" + label));
        }
        return bench.finish(bench.api().groupPage(groupId), options.exitWhenDone);
    }

    /** The {@code POST /comparisons} body: one seed, grid and evaluation set for all runs. */
    static Map<String, Object> comparison(
            List<String> runIds, long seed, double span, SurfacePlan surface) {
        Map<String, Object> axis = Map.of(
                "min", -span, "max", span, "points", surface.gridPoints());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("runIds", runIds);
        request.put("seed", seed);
        request.put("grid", Map.of("x", axis, "y", axis));
        request.put("normalization", "filter");
        request.put("evalSet", Map.of("split", "train", "size", surface.evalSize()));
        request.put("chunkSize", surface.chunkSize());
        return request;
    }

    /**
     * Test accuracy, loss at θ*, the plane's loss range, the curvature at θ* along both
     * directions, the share of the plane within {@link #BASIN_RISE} nat of θ*'s loss (higher
     * curvature and a smaller share mean a sharper basin) and the share where the surface is
     * not convex (the chaotic landscapes of deep networks without skip connections).
     */
    private static String describe(Landscape plane, TrainedRun run) {
        int i = Landscape.indexOf(plane.x(), 0);
        int j = Landscape.indexOf(plane.y(), 0);
        String center = i < 0 || j < 0 ? "θ* not on the grid" : String.format(
                "at θ* loss %.3f, acc %s; curvature at θ* %.2f (α), %.2f (β); %.0f%% of the"
                        + " plane within %.0f nat of θ*",
                plane.loss()[i][j], TrainingFollower.percent(plane.accuracy()[i][j]),
                plane.curvatureAlongX(i, j), plane.curvatureAlongY(i, j),
                100 * plane.shareWithin(i, j, BASIN_RISE), BASIN_RISE);
        return String.format("test acc %s; plane loss %.3f – %.3f; %s; non-convex at %.0f%% of"
                        + " the plane",
                TrainingFollower.percent(run.last().path("testAccuracy").asDouble()),
                plane.minLoss(), plane.maxLoss(), center, 100 * plane.nonConvexShare());
    }
}
