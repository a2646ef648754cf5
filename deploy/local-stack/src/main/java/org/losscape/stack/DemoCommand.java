package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
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
                + " around the trained weights. Keeps the stack running until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

    /** Directions and chunks of the auto surface can take a while on a busy machine. */
    private static final Duration SURFACE_PLAN_TIMEOUT = Duration.ofMinutes(5);

    @Mixin
    StackOptions stack;

    @Option(names = "--model", defaultValue = "resnet20",
            description = "Network to train. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--epochs", defaultValue = "3",
            description = "Training epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--train-size", paramLabel = "N",
            description = "Training images (the first N). Default: 10000, or all a smaller"
                    + " copy holds.")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N",
            description = "Test images evaluated after each epoch. Default: 2000, or all a"
                    + " smaller copy holds.")
    Integer testSize;

    @Option(names = "--batch-size", defaultValue = "128",
            description = "Images per training step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1",
            description = "Initial learning rate (SGD with momentum). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9",
            description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4",
            description = "L2 weight decay. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of initialization, shuffling and directions."
                    + " Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--grid-points", defaultValue = "21",
            description = "Points per axis of the surface grid. Default: ${DEFAULT-VALUE}.")
    int gridPoints;

    @Option(names = "--range", defaultValue = "1.0",
            description = "The grid spans [-R, R] along both directions."
                    + " Default: ${DEFAULT-VALUE}.")
    double range;

    @Option(names = "--eval-size", paramLabel = "N", defaultValue = "1000",
            description = "Images each grid point is evaluated on. Default: ${DEFAULT-VALUE}.")
    int evalSize;

    @Option(names = "--eval-split", defaultValue = "train",
            description = "Split the surface is evaluated on: train or test."
                    + " Default: ${DEFAULT-VALUE}.")
    String evalSplit;

    @Option(names = "--chunk-size", defaultValue = "4",
            description = "Grid points per work message. Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(names = "--exit-when-done",
            description = "Stop the stack and exit once the surface is complete.")
    boolean exitWhenDone;

    @Override
    public Integer call() {
        Console console = new Console(System.out);
        Installation installation = Installation.locate();
        Path data = CifarLocation.resolve(
                stack.cifar, System.getenv(), CifarLocation.defaultCache(), console::say);
        CifarSizes sizes = CifarSizes.of(data);
        int train = fit("--train-size", trainSize, 10_000, sizes.train(), console);
        int test = fit("--test-size", testSize, 2_000, sizes.test(), console);
        int splitSize = evalSplit.equals("test") ? sizes.test() : sizes.train();
        int eval = fit("--eval-size", evalSize, evalSize, splitSize, console);
        StackConfig config = stack.toConfig(
                installation, "demo", data, Map.of(Service.PROJECTION, autoSurface(eval)));

        console.say(String.format("demo: %s on CIFAR-10 (%d of %d training images, %d test"
                        + " images, from %s), %d epochs at batch %d",
                model, train, sizes.train(), test, data, epochs, batchSize));
        console.say(String.format("then a %d×%d surface on [-%s, %s]² over %d %s images,"
                        + " %d surface worker(s) with %d thread(s) each",
                gridPoints, gridPoints, range, range, eval, evalSplit, config.workers(),
                config.threadsPerWorker()));
        RunningStack running = RunningStack.start(installation, config, console);
        StackApi api = new StackApi(running.stack());
        console.say("page (live): " + running.stack().vizUrl() + "/");

        long trainingStart = System.nanoTime();
        JsonNode run = api.createRun(runRequest(train, test));
        String runId = run.path("id").asText();
        console.say("training run " + runId + " queued");
        JsonNode done = new TrainingFollower(api, console, running::requireAlive).follow(runId);
        JsonNode last = done.path("metrics").get(done.path("metrics").size() - 1);
        double testAccuracy = last.path("testAccuracy").asDouble();
        console.say(String.format("training done in %s: test accuracy %s on %d images",
                Console.clock((System.nanoTime() - trainingStart) / 1e9),
                TrainingFollower.percent(testAccuracy), test));

        SurfaceFollower surfaces = new SurfaceFollower(api, console, running::requireAlive);
        JsonNode planned = surfaces.awaitSurfaceOf(runId, SURFACE_PLAN_TIMEOUT);
        String surfaceId = planned.path("surfaceId").asText();
        console.say(String.format("surface %s planned: %d points in %d chunks, epoch %d",
                surfaceId, planned.path("pointsTotal").asInt(),
                planned.path("chunkCount").asInt(), planned.path("epoch").asInt()));
        long surfaceStart = System.nanoTime();
        JsonNode complete = surfaces.follow(surfaceId);
        console.say(String.format("surface done in %s: loss from %.3f to %.3f%s",
                Console.clock((System.nanoTime() - surfaceStart) / 1e9),
                complete.path("minLoss").asDouble(), complete.path("maxLoss").asDouble(),
                describeCenter(api.values(surfaceId))));

        console.say("surface workers' resident memory: " + workerMemory(running.stack()));
        console.say("demo finished in " + Console.clock(console.elapsed())
                + "; final test accuracy " + TrainingFollower.percent(testAccuracy));
        console.say("page: " + api.page(surfaceId));
        running.announce();
        if (exitWhenDone) {
            running.stop();
            return 0;
        }
        running.holdUntilInterrupted();
        return 0;
    }

    /** The trainer's request: every size and rate comes from a flag. */
    private Map<String, Object> runRequest(int train, int test) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", model);
        request.put("dataset", "cifar10");
        request.put("epochs", epochs);
        request.put("batchSize", batchSize);
        request.put("learningRate", learningRate);
        request.put("momentum", momentum);
        request.put("weightDecay", weightDecay);
        request.put("seed", seed);
        request.put("trainSize", train);
        request.put("testSize", test);
        return request;
    }

    /** The projection service's defaults, which its automatic surface of a final epoch uses. */
    private Map<String, String> autoSurface(int eval) {
        if (gridPoints < 2 || !(range > 0)) {
            throw new StackException("--grid-points (" + gridPoints + ") must be >= 2 and"
                    + " --range (" + range + ") > 0");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("losscape.projection.auto-surface.enabled", "true");
        for (String axis : new String[] {"x", "y"}) {
            String prefix = "losscape.projection.defaults." + axis + ".";
            properties.put(prefix + "min", Double.toString(-range));
            properties.put(prefix + "max", Double.toString(range));
            properties.put(prefix + "points", Integer.toString(gridPoints));
        }
        properties.put("losscape.projection.defaults.seed", Long.toString(seed));
        properties.put("losscape.projection.defaults.split", evalSplit);
        properties.put("losscape.projection.defaults.eval-size", Integer.toString(eval));
        properties.put("losscape.projection.defaults.chunk-size", Integer.toString(chunkSize));
        return properties;
    }

    private static String workerMemory(LocalStack stack) {
        StringBuilder text = new StringBuilder();
        for (long pid : stack.workerPids()) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(String.format("%.0f MB", Rss.megabytes(pid)));
        }
        return text.toString();
    }

    /** " ; at θ* (0, 0) loss L, accuracy A" when the grid has the origin, else "". */
    private static String describeCenter(JsonNode values) {
        int i = indexOfZero(values.path("xcoordinates"));
        int j = indexOfZero(values.path("ycoordinates"));
        if (i < 0 || j < 0) {
            return "";
        }
        return String.format("; at θ* (0, 0) loss %.3f, accuracy %s",
                values.path("loss").get(i).get(j).asDouble(),
                TrainingFollower.percent(values.path("accuracy").get(i).get(j).asDouble()));
    }

    private static int indexOfZero(JsonNode coordinates) {
        for (int k = 0; k < coordinates.size(); k++) {
            if (Math.abs(coordinates.get(k).asDouble()) < 1e-9) {
                return k;
            }
        }
        return -1;
    }

    /** The requested size, or {@code preferred}, at most {@code available}; says when cut. */
    private static int fit(
            String flag, Integer requested, int preferred, int available, Console console) {
        int wanted = requested != null ? requested : preferred;
        if (wanted < 1) {
            throw new StackException(flag + " (" + wanted + ") must be >= 1");
        }
        if (wanted > available) {
            if (requested != null) {
                console.say(flag + " " + requested + " is more than the " + available
                        + " images this copy holds; using " + available);
            }
            return available;
        }
        return wanted;
    }
}
