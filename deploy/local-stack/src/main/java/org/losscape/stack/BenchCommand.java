package org.losscape.stack;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;
import org.losscape.data.Split;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.evaluation.Evaluator;
import org.losscape.evaluation.SurfaceEvaluator;
import org.losscape.grid.Grid;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingLoop;
import org.losscape.training.TrainingProgress;
import org.losscape.weights.ParameterTensors;
import org.losscape.weights.PlaneWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code losscape bench}: how fast this machine runs Losscape's work for ResNet-20 on CIFAR-10,
 * in this process, against the float32 matrix-multiply rate as the machine's practical peak.
 *
 * <p>Work per image: ResNet-20 takes about 41 M multiply-adds (82 MFLOP) for a 32×32 forward
 * pass; a training step (forward, backward for inputs and weights, update) about three times
 * that. Training speed comes from {@link TrainingLoop}'s own per-step timings, skipping warm-up
 * steps; surface speed from {@link SurfaceEvaluator}, the surface workers' code path, on a
 * grid around the briefly trained weights. RSS is this process's resident set, read from
 * {@code /proc/self/status}, after the first and after the last grid point.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Measures matMul GFLOP/s, ResNet-20 training images/s and surface grid"
                + " points/s on this machine, and prints a table.")
final class BenchCommand implements Callable<Integer> {

    /** Multiply-adds of one ResNet-20 forward pass on a 32×32 image. */
    static final double FORWARD_MULTIPLY_ADDS = 41e6;
    /** Forward, backward (inputs and weights): about three forward passes. */
    static final double TRAINING_FACTOR = 3;

    @Option(names = "--cifar", paramLabel = "PATH",
            description = "CIFAR-10 (folder or archive), as for the demo.")
    Path cifar;

    @Option(names = "--threads", paramLabel = "T",
            description = "PyTorch intra-op threads, 1 to 256."
                    + " Default: PyTorch's choice (the cores).")
    Integer threads;

    @Option(names = "--matmul-size", defaultValue = "1024",
            description = "Side of the square float32 matrices, 1 to 8192."
                    + " Default: ${DEFAULT-VALUE}.")
    int matmulSize;

    @Option(names = "--matmul-repeats", defaultValue = "30",
            description = "Timed matrix products, 1 to 10000. Default: ${DEFAULT-VALUE}.")
    int matmulRepeats;

    @Option(names = "--batch-size", defaultValue = "128",
            description = "Training batch, 1 to 4096. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--train-steps", defaultValue = "20",
            description = "Timed training steps (after 3 warm-up steps), 1 to 10000; the"
                    + " batches of all steps must fit in the copy's training images."
                    + " Default: ${DEFAULT-VALUE}.")
    int trainSteps;

    @Option(names = "--points", defaultValue = "16",
            description = "Grid points evaluated (a square grid on [-1, 1]², rounded up), 2 to"
                    + " 1000000. Default: ${DEFAULT-VALUE}.")
    int points;

    @Option(names = "--eval-size", defaultValue = "1024",
            description = "Images per grid point (the first N training images, as the"
                    + " surfaces use by default), at most what the copy holds."
                    + " Default: ${DEFAULT-VALUE}.")
    int evalSize;

    @Option(names = "--eval-batch-size", defaultValue = "256",
            description = "Evaluation batch, 1 to 4096. Default: ${DEFAULT-VALUE}.")
    int evalBatchSize;

    private static final int WARMUP_STEPS = 3;

    /** The images of the official CIFAR-10 training split: no copy holds more. */
    static final int MAX_TRAIN_IMAGES = 50_000;

    /**
     * Two float32 matrices of this side take 512 MB, their product 256 MB more: beyond, the
     * product measures the memory of the machine rather than its arithmetic.
     */
    static final int MAX_MATMUL_SIZE = 8_192;

    /** As many as the surface workers may be given ({@code --worker-threads}). */
    static final int MAX_THREADS = 256;

    /** Enough repeats or steps for any timing; more only keep the machine busy. */
    static final int MAX_REPEATS = 10_000;

    /** A plane's points as the projection service takes them: at most 1000 per axis. */
    static final int MAX_POINTS =
            SurfaceOptions.MAX_PLANE_POINTS * SurfaceOptions.MAX_PLANE_POINTS;

    @Override
    public Integer call() {
        check();

        Console console = new Console(System.out);
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
        }
        Path data = CifarLocation.resolve(
                cifar, System.getenv(), CifarLocation.defaultCache(), console::say);
        CifarSizes sizes = CifarSizes.of(data);
        requireSize("--eval-size", evalSize, sizes.train());
        int trainSize = batchSize * (WARMUP_STEPS + trainSteps);
        if (trainSize > sizes.train()) {
            throw new StackException(String.format("--batch-size × (3 + --train-steps) (%d × %d"
                    + " = %d) must be at most %d, the training images of this CIFAR-10 copy:"
                    + " lower either flag", batchSize, WARMUP_STEPS + trainSteps, trainSize,
                    sizes.train()));
        }
        console.say("reading CIFAR-10 from " + data);
        ImageSet train = Cifar10.read(data, Split.TRAIN);
        ImageSet test = Cifar10.read(data, Split.TEST);

        Engine engine = Engine.getInstance();
        console.say("engine " + engine.getEngineName() + " " + engine.getVersion() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, threads "
                + (threads == null ? "default" : threads));

        double matmul = matmulGflops(console);
        AtomicReference<ParameterTensors> trained = new AtomicReference<>();
        double imagesPerSecond = trainingImagesPerSecond(train, test, trainSize, trained, console);
        SurfaceRun surface = surfacePoints(trained.get(), train, console);
        double forwardImagesPerSecond = bareForwardImagesPerSecond(trained.get(), train, console);

        double trainingGflops = imagesPerSecond * TRAINING_FACTOR * 2 * FORWARD_MULTIPLY_ADDS / 1e9;
        double evalImagesPerSecond = surface.pointsPerSecond() * evalSize;
        double evalGflops = evalImagesPerSecond * 2 * FORWARD_MULTIPLY_ADDS / 1e9;
        double forwardGflops = forwardImagesPerSecond * 2 * FORWARD_MULTIPLY_ADDS / 1e9;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"float32 matMul " + matmulSize + "×" + matmulSize,
            String.format("%d products", matmulRepeats), format(matmul), "100%"});
        rows.add(new String[] {"ResNet-20 training, batch " + batchSize,
            String.format("%.0f images/s", imagesPerSecond), format(trainingGflops),
            percentOf(trainingGflops, matmul)});
        rows.add(new String[] {"surface points, " + evalSize + " images each",
            String.format("%.2f points/s (%.0f images/s)", surface.pointsPerSecond(),
                    evalImagesPerSecond),
            format(evalGflops), percentOf(evalGflops, matmul)});
        rows.add(new String[] {"bare forward loop, batch " + evalBatchSize,
            String.format("%.0f images/s", forwardImagesPerSecond), format(forwardGflops),
            percentOf(forwardGflops, matmul)});
        rows.add(new String[] {"surface worker RSS",
            String.format("%.0f MB at point 1, %.0f MB at point %d", surface.firstRssMb(),
                    surface.lastRssMb(), surface.points()), "", ""});
        console.say("results (1 multiply-add = 2 FLOP; training = 3 forward passes):");
        printTable(new String[] {"measure", "speed", "GFLOP/s", "of matMul"}, rows);
        console.say(String.format("surface points ran at %.0f%% of the bare forward loop's rate",
                100 * evalImagesPerSecond / forwardImagesPerSecond));
        return 0;
    }

    /**
     * Checks every flag against its range before the data is looked for: out of range, the
     * timings divide by zero or go negative, and the engine fails with a stack trace. What
     * depends on the CIFAR-10 copy (the images the training steps and the points take) is
     * checked once it is found.
     */
    void check() {
        if (threads != null) {
            Flags.requireIn("--threads", threads, 1, MAX_THREADS);
        }
        Flags.requireIn("--matmul-size", matmulSize, 1, MAX_MATMUL_SIZE);
        Flags.requireIn("--matmul-repeats", matmulRepeats, 1, MAX_REPEATS);
        Flags.requireIn("--batch-size", batchSize, 1, TrainingOptions.MAX_BATCH);
        Flags.requireIn("--train-steps", trainSteps, 1, MAX_REPEATS);
        // The first point warms up and is not timed: a rate needs a second one.
        Flags.requireIn("--points", points, 2, MAX_POINTS);
        Flags.requireIn("--eval-size", evalSize, 1, MAX_TRAIN_IMAGES);
        Flags.requireIn("--eval-batch-size", evalBatchSize, 1, TrainingOptions.MAX_BATCH);
    }

    /** 2·n³ FLOP per product over {@code matmulRepeats} products, after 3 untimed ones. */
    private double matmulGflops(Console console) {
        Shape shape = new Shape(matmulSize, matmulSize);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(shape);
            NDArray b = manager.randomNormal(shape);
            for (int k = 0; k < 3; k++) {
                try (NDManager scratch = manager.newSubManager()) {
                    a.matMul(b).attach(scratch);
                }
            }
            long start = System.nanoTime();
            for (int k = 0; k < matmulRepeats; k++) {
                try (NDManager scratch = manager.newSubManager()) {
                    a.matMul(b).attach(scratch);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double gflops = 2.0 * Math.pow(matmulSize, 3) * matmulRepeats / seconds / 1e9;
            console.say(String.format("matMul: %.1f ms a product, %.1f GFLOP/s",
                    1000 * seconds / matmulRepeats, gflops));
            return gflops;
        }
    }

    /** Images per second over the timed steps of one TrainingLoop epoch. */
    private double trainingImagesPerSecond(ImageSet train, ImageSet test, int trainSize,
            AtomicReference<ParameterTensors> trained, Console console) {
        TrainingConfig config = new TrainingConfig("resnet20", Cifar10.NAME, 1, batchSize, 0.05,
                0.9, false, 5e-4, List.of(), 1.0, 1L, trainSize, Math.min(256, test.size()),
                false);
        double[] timedSeconds = new double[1];
        new TrainingLoop(config, train, test).run(
                (epoch, metrics, model) -> trained.set(ParameterTensors.of(model.getBlock())),
                (TrainingProgress step) -> {
                    if (step.batch() > WARMUP_STEPS) {
                        timedSeconds[0] += step.stepSeconds();
                    }
                });
        double imagesPerSecond = batchSize * trainSteps / timedSeconds[0];
        console.say(String.format("training: %.0f ms a step of %d images, %.0f images/s",
                1000 * timedSeconds[0] / trainSteps, batchSize, imagesPerSecond));
        return imagesPerSecond;
    }

    /** What the surface part measured. */
    private record SurfaceRun(int points, double pointsPerSecond, double firstRssMb,
            double lastRssMb) {}

    /** Grid points per second of SurfaceEvaluator, timed from the second point on. */
    private SurfaceRun surfacePoints(ParameterTensors theta, ImageSet train, Console console) {
        int side = Math.max(2, (int) Math.ceil(Math.sqrt(points)));
        Grid grid = Grid.of(new GridSpec(new Axis(-1, 1, side), new Axis(-1, 1, side)));
        int count = Math.min(points, grid.size());
        DirectionPair directions = Directions.pair(theta, 1L, Directions.FILTER, false);
        ImageSet evalSet = train.first(evalSize);

        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 1L);
                NDManager manager = model.getNDManager().newSubManager();
                PlaneWriter writer = new PlaneWriter(model.getBlock(), model.getNDManager(),
                        theta, directions.x(), directions.y())) {
            NDArray images = ImageTensors.images(evalSet, Normalization.CIFAR10, manager);
            NDArray labels = ImageTensors.labels(evalSet, manager);
            SurfaceEvaluator evaluator = new SurfaceEvaluator(writer,
                    new Evaluator(model.getBlock(), images, labels, evalBatchSize));

            evaluator.evaluate(grid.point(0));
            double firstRss = Rss.megabytes();
            long start = System.nanoTime();
            for (int index = 1; index < count; index++) {
                evaluator.evaluate(grid.point(index));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double lastRss = Rss.megabytes();
            double pointsPerSecond = (count - 1) / seconds;
            console.say(String.format("surface: %d points of %d images, %.2f points/s",
                    count, evalSize, pointsPerSecond));
            return new SurfaceRun(count, pointsPerSecond, firstRss, lastRss);
        }
    }

    /**
     * Images per second of the same forward passes with nothing around them: the trained
     * weights, the same resident images and batches, but no weight writes, loss or accuracy.
     * The surface rate over this one is what the evaluation pipeline costs beyond the network.
     */
    private double bareForwardImagesPerSecond(ParameterTensors theta, ImageSet train,
            Console console) {
        ImageSet evalSet = train.first(evalSize);
        int passes = Math.max(2, points);

        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 1L);
                NDManager manager = model.getNDManager().newSubManager()) {
            theta.restoreInto(model.getBlock());
            NDArray images = ImageTensors.images(evalSet, Normalization.CIFAR10, manager);
            ParameterStore parameters = new ParameterStore(manager, false);
            // As the evaluator does: no autograd graph for inference.
            JniUtils.setGradMode(false);

            forwardOnce(model.getBlock(), parameters, images);
            long start = System.nanoTime();
            for (int pass = 1; pass < passes; pass++) {
                forwardOnce(model.getBlock(), parameters, images);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double imagesPerSecond = (passes - 1) * (double) evalSize / seconds;
            console.say(String.format("bare forward: %d passes over %d images, %.0f images/s",
                    passes, evalSize, imagesPerSecond));
            return imagesPerSecond;
        }
    }

    /** One inference pass over all {@code images} (N×3×32×32) in evaluation batches. */
    private void forwardOnce(Block block, ParameterStore parameters, NDArray images) {
        long count = images.getShape().get(0);
        for (long begin = 0; begin < count; begin += evalBatchSize) {
            long end = Math.min(count, begin + evalBatchSize);
            try (NDManager batch = images.getManager().newSubManager()) {
                NDArray x = images.get(new NDIndex("{}:{}", begin, end));
                x.attach(batch);
                block.forward(parameters, new NDList(x), /* training= */ false);
            }
        }
    }

    private static void requireSize(String flag, int wanted, int available) {
        if (wanted < 1 || wanted > available) {
            throw new StackException(flag + " (" + wanted + ") must be in [1, " + available
                    + "], the training images of this CIFAR-10 copy");
        }
    }

    private static String format(double gflops) {
        return String.format("%.1f", gflops);
    }

    private static String percentOf(double part, double whole) {
        return String.format("%.0f%%", 100 * part / whole);
    }

    private static void printTable(String[] header, List<String[]> rows) {
        int[] widths = new int[header.length];
        List<String[]> all = new ArrayList<>(List.<String[]>of(header));
        all.addAll(rows);
        for (String[] row : all) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < header.length; c++) {
                line.append(' ').append(pad(all.get(r)[c], widths[c])).append(" |");
            }
            System.out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append("-".repeat(width + 2)).append('|');
                }
                System.out.println(rule);
            }
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
