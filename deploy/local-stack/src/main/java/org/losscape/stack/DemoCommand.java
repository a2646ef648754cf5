package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.losscape.stack.SurfaceOptions.SurfacePlan;
import org.losscape.stack.Workbench.TrainedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code losscape demo}: starts the stack, trains a ResNet-20 on CIFAR-10 through the trainer's
 * REST API, waits for the surface that the projection service plans by itself for the final
 * checkpoint, follows the workers until every grid point is evaluated, and reports where to
 * look. The defaults finish in roughly 10–15 minutes on two cores.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains ResNet-20 on CIFAR-10, then evaluates and shows the loss surface"
                + " around the trained weights. Keeps the stack running until Ctrl-C.",
        footer = {"",
            "Sizes (each overridable by its flag): 3 epochs on 10000 training / 2000 test images"
                    + " (or all a smaller copy holds) at batch 128, rate 0.1 ÷10 after epoch 2,"
                    + " a 21×21 surface on [-1, 1]² over 1000 images a point, 4 points a"
                    + " chunk."})
final class DemoCommand implements Callable<Integer> {

    /**
     * The demo's sizes: about 10–15 minutes on two cores. The rate drops tenfold for the last
     * epoch (the paper's milestones scaled to 3 epochs): at a constant 0.1 the third epoch
     * often ends above the second, beside rather than at the bottom of its basin.
     */
    static final Preset PRESET =
            new Preset(3, 10_000, 2_000, 128, 0, 21, 1.0, 1_000, 4, true, null);

    /** Directions and chunks of the auto surface can take a while on a busy machine. */
    private static final Duration SURFACE_PLAN_TIMEOUT = Duration.ofMinutes(5);

    @Mixin
    StackOptions stack;

    @Option(names = "--model", defaultValue = "resnet20",
            description = "Network to train. Default: ${DEFAULT-VALUE}.")
    String model;

    @Mixin
    TrainingOptions training;

    @Option(names = "--range", paramLabel = "R",
            description = "The grid spans [-R, R] along both directions. Default: 1.0.")
    Double range;

    @Mixin
    SurfaceOptions surface;

    @Option(names = "--eval-split", defaultValue = "train",
            description = "Split the surface is evaluated on: train or test."
                    + " Default: ${DEFAULT-VALUE}.")
    EvalSplit evalSplit;

    /** The splits a surface can be evaluated on. */
    enum EvalSplit {
        TRAIN, TEST;

        /** As the projection service names it. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** What its images are called in messages. */
        String images() {
            return this == TRAIN ? "training images" : "test images";
        }
    }

    @Option(names = "--exit-when-done",
            description = "Stop the stack and exit once the surface is complete.")
    boolean exitWhenDone;

    @Override
    public Integer call() {
        stack.check();
        training.check();
        surface.check(SurfaceOptions.MAX_PLANE_POINTS);
        Flags.requireModel("--model", model);
        double span = range != null ? range : PRESET.range();
        Flags.requireRange("--range", span);

        Console console = new Console(System.out);
        Installation installation = Installation.locate();
        Path data = stack.data(console);
        CifarSizes sizes = CifarSizes.of(data);
        TrainingPlan plan = training.resolve(PRESET, sizes, console::say);
        int splitSize = evalSplit == EvalSplit.TEST ? sizes.test() : sizes.train();
        SurfacePlan grid = surface.resolve(PRESET, splitSize, evalSplit.images(), console::say);
        StackConfig config = stack.toConfig(
                installation, "demo", data, Map.of(Service.PROJECTION, autoSurface(grid, span,
                        plan.seed())));

        console.say(String.format("demo: %s on CIFAR-10 (%d of %d training images, %s, from"
                        + " %s), %s at batch %d",
                model, plan.trainSize(), sizes.train(),
                Console.count(plan.testSize(), "test image"), data,
                Console.count(plan.epochs(), "epoch"), plan.batchSize()));
        console.say(String.format("then a %d×%d surface on [-%s, %s]² over %s, %s with %s each",
                grid.gridPoints(), grid.gridPoints(), span, span,
                Console.count(grid.evalSize(), evalSplit.label() + " image"),
                Console.count(config.workers(), "surface worker"),
                Console.count(config.threadsPerWorker(), "thread")));
        Workbench bench = Workbench.start(installation, config, console);
        StackApi api = bench.api();

        TrainedRun run = bench.train(model, plan.request(model));
        double testAccuracy = run.last().path("testAccuracy").asDouble();

        SurfaceFollower surfaces = bench.surfaces();
        JsonNode planned = surfaces.awaitSurfaceOf(run.id(), SURFACE_PLAN_TIMEOUT);
        String surfaceId = planned.path("surfaceId").asText();
        console.say(String.format("surface %s planned: %d points in %s, epoch %d",
                surfaceId, planned.path("pointsTotal").asInt(),
                Console.count(planned.path("chunkCount").asInt(), "chunk"),
                planned.path("epoch").asInt()));
        long surfaceStart = System.nanoTime();
        JsonNode complete = surfaces.follow(surfaceId);
        console.say(String.format("surface done in %s: loss from %.3f to %.3f%s",
                Console.clock((System.nanoTime() - surfaceStart) / 1e9),
                complete.path("minLoss").asDouble(), complete.path("maxLoss").asDouble(),
                describeCenter(Landscape.of(api.values(surfaceId)))));

        console.say("demo finished in " + Console.clock(console.elapsed())
                + "; final test accuracy " + TrainingFollower.percent(testAccuracy));
        return bench.finish(api.page(surfaceId), exitWhenDone);
    }

    /** The projection service's defaults, which its automatic surface of a final epoch uses. */
    private Map<String, String> autoSurface(SurfacePlan grid, double span, long seed) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("losscape.projection.auto-surface.enabled", "true");
        for (String axis : new String[] {"x", "y"}) {
            String prefix = "losscape.projection.defaults." + axis + ".";
            properties.put(prefix + "min", Double.toString(-span));
            properties.put(prefix + "max", Double.toString(span));
            properties.put(prefix + "points", Integer.toString(grid.gridPoints()));
        }
        properties.put("losscape.projection.defaults.seed", Long.toString(seed));
        properties.put("losscape.projection.defaults.split", evalSplit.label());
        properties.put("losscape.projection.defaults.eval-size",
                Integer.toString(grid.evalSize()));
        properties.put("losscape.projection.defaults.chunk-size",
                Integer.toString(grid.chunkSize()));
        return properties;
    }

    /** "; at θ* (0, 0) loss L, accuracy A" when the grid has the origin, else "". */
    private static String describeCenter(Landscape values) {
        int i = Landscape.indexOf(values.x(), 0);
        int j = Landscape.indexOf(values.y(), 0);
        if (i < 0 || j < 0) {
            return "";
        }
        return String.format("; at θ* (0, 0) loss %.3f, accuracy %s", values.loss()[i][j],
                TrainingFollower.percent(values.accuracy()[i][j]));
    }
}
