package org.losscape.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.Split;

/**
 * Measures the training speed of ResNet-20 at batch 128 against the float32 matMul rate of
 * the machine, and prints both. Not a test (speed is never asserted); run it on an idle
 * machine:
 *
 * <pre>
 * mvn -pl landscape-core -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.losscape.training.TrainingSpeed -Dai.djl.offline=true
 * </pre>
 *
 * <p>FLOPs: a ResNet-20 forward pass is about 41 M multiply-adds per 32×32 image (82 MFLOP);
 * a training step costs about three forward passes (forward, gradients of activations and of
 * weights), about 245 MFLOP per image.
 */
public final class TrainingSpeed {

    private static final double TRAINING_FLOP_PER_IMAGE = 3 * 2 * 40.8e6;

    private TrainingSpeed() {}

    public static void main(String[] args) {
        double matMul = matMulGflops();
        Path subset = Path.of(System.getProperty("losscape.datasets", "../shared/datasets"))
                .resolve("cifar-10-subset");
        ImageSet train = Cifar10.read(subset, Split.TRAIN);
        ImageSet test = Cifar10.read(subset, Split.TEST);
        TrainingConfig config = new TrainingConfig("resnet20", "cifar10", 1, 128, 0.1, 0.9, false,
                5e-4, List.of(), 0.1, 1, 3072, 128, true);
        List<Double> steps = new ArrayList<>();

        new TrainingLoop(config, train, test).run((epoch, metrics, model) -> {},
                progress -> steps.add(progress.stepSeconds()));

        // The first steps warm up the allocator; the median of the rest is the steady rate.
        double[] steady = steps.subList(4, steps.size()).stream()
                .mapToDouble(Double::doubleValue).sorted().toArray();
        double median = steady[steady.length / 2];
        double imagesPerSecond = 128 / median;
        double gflops = imagesPerSecond * TRAINING_FLOP_PER_IMAGE / 1e9;
        System.out.printf("float32 matMul 1024×1024: %.0f GFLOP/s%n", matMul);
        System.out.printf("ResNet-20 training step, batch 128: median %.0f ms over %d steps,"
                + " %.0f images/s, %.0f GFLOP/s = %.0f%% of matMul%n", median * 1000,
                steady.length, imagesPerSecond, gflops, 100 * gflops / matMul);
        System.out.println("all step times (s): " + Arrays.toString(steps.stream()
                .mapToDouble(s -> Math.round(s * 1000) / 1000.0).toArray()));
    }

    private static double matMulGflops() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(1024, 1024));
            NDArray b = manager.randomNormal(new Shape(1024, 1024));
            double best = 0;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int k = 0; k < 10; k++) {
                    try (NDArray c = a.matMul(b)) {
                        c.getFloat(0, 0);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, 10 * 2.0 * Math.pow(1024, 3) / seconds / 1e9);
            }
            return best;
        }
    }
}
