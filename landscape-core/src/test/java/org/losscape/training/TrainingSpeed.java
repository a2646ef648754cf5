package org.losscape.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;
import org.losscape.data.Split;

/**
 * Measures the training speed of ResNet-20 at batch 128 against the float32 matMul rate of
 * the machine, and where a step's time goes. Not a test (speed is never asserted); run it on
 * an idle machine from the repository root:
 *
 * <pre>
 * mvn -q -pl landscape-core -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.losscape.training.TrainingSpeed -Dai.djl.offline=true \
 *     -Dlosscape.datasets=../shared/datasets
 * </pre>
 *
 * <p>FLOPs: a ResNet-20 forward pass is about 41 M multiply-adds per 32×32 image (82 MFLOP);
 * a training step costs about three forward passes (forward, gradients of activations and of
 * weights), about 245 MFLOP per image. The step is timed in four parts, the same work as a
 * {@link TrainingLoop} step: batch assembly with augmentation (Java), forward, backward, and
 * the SGD update; the parts' shares stay meaningful on a busy machine where absolute times do
 * not.
 */
public final class TrainingSpeed {

    private static final double TRAINING_FLOP_PER_IMAGE = 3 * 2 * 40.8e6;
    private static final int BATCH = 128;
    private static final int WARM_UP = 3;
    private static final int STEPS = 12;

    private TrainingSpeed() {}

    public static void main(String[] args) {
        Path subset = Path.of(System.getProperty("losscape.datasets", "../shared/datasets"))
                .resolve("cifar-10-subset");
        ImageSet train = Cifar10.read(subset, Split.TRAIN);
        double matMul = matMulGflops();
        TrainingConfig config = new TrainingConfig("resnet20", "cifar10", 1, BATCH, 0.1, 0.9,
                false, 5e-4, List.of(), 0.1, 1, 2048, 128, true);
        double[][] parts = new double[STEPS][4];

        try (NoGrad noGrad = new NoGrad();
                Model model = TrainingLoop.newModel(config, train);
                NDManager manager = model.getNDManager().newSubManager();
                MomentumSgd sgd = new MomentumSgd(0.9, false, 5e-4, manager)) {
            ParameterStore parameters = new ParameterStore(manager, false);
            List<Map.Entry<String, NDArray>> trainable = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trainable.add(Map.entry(p.getKey(), p.getValue().getArray()));
                }
            }
            Augmentation augmentation = new Augmentation(train, Normalization.CIFAR10);
            SplittableRandom random = new SplittableRandom(1);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            for (int step = -WARM_UP; step < STEPS; step++) {
                int[] indices = random.ints(BATCH, 0, train.size()).toArray();
                try (NDManager scratch = manager.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDArray images = scratch.create(augmentation.batch(indices, random),
                            new Shape(BATCH, 3, 32, 32));
                    NDArray labels = ImageTensors.labels(train, indices, scratch);
                    long t1 = System.nanoTime();
                    long t2;
                    try (GradientCollector collector =
                            Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.getBlock().forward(parameters, new NDList(images),
                                /* training= */ true).singletonOrThrow();
                        NDArray value = loss.evaluate(new NDList(labels), new NDList(logits));
                        value.getFloat();
                        t2 = System.nanoTime();
                        collector.backward(value);
                    }
                    long t3 = System.nanoTime();
                    sgd.step(trainable, 0.1, scratch);
                    long t4 = System.nanoTime();
                    if (step >= 0) {
                        parts[step] = new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9,
                            (t3 - t2) / 1e9, (t4 - t3) / 1e9};
                    }
                }
            }
        }

        double[] median = new double[4];
        double[] totals = new double[STEPS];
        for (int k = 0; k < 4; k++) {
            final int part = k;
            median[k] = median(Arrays.stream(parts).mapToDouble(p -> p[part]).toArray());
        }
        for (int s = 0; s < STEPS; s++) {
            totals[s] = Arrays.stream(parts[s]).sum();
        }
        double step = median(totals);
        double imagesPerSecond = BATCH / step;
        double gflops = imagesPerSecond * TRAINING_FLOP_PER_IMAGE / 1e9;
        System.out.printf("float32 matMul 1024×1024: %.0f GFLOP/s%n", matMul);
        System.out.printf("ResNet-20 training step, batch %d: median %.0f ms, %.0f images/s,"
                + " %.0f GFLOP/s = %.0f%% of matMul%n", BATCH, step * 1000, imagesPerSecond,
                gflops, 100 * gflops / matMul);
        System.out.printf("median parts: batch assembly %.1f ms, forward %.0f ms, backward %.0f"
                + " ms, SGD update %.1f ms%n", median[0] * 1000, median[1] * 1000,
                median[2] * 1000, median[3] * 1000);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
