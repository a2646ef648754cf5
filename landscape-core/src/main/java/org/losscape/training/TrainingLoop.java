package org.losscape.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.losscape.data.Datasets;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;
import org.losscape.messages.EpochMetrics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;

/**
 * Trains a CIFAR ResNet with DJL on the PyTorch engine, as {@link TrainingConfig} describes.
 *
 * <p>Each step normalizes (and, with {@code augment}, crops and flips) a shuffled batch of raw
 * training bytes in Java, runs forward in training mode and backward under a gradient
 * collector, and updates the parameters with {@link MomentumSgd}. Each step's arrays live in a
 * sub-manager closed at the end of the step. The loss is softmax cross-entropy.
 *
 * <p>Before the first step (epoch 0) and after every epoch the network is evaluated in eval
 * mode on all {@code trainSize} training images (unaugmented) and all {@code testSize} test
 * images, and the {@link EpochListener} receives the metrics (with the rate the epoch was
 * trained at) and the model. Training metrics are therefore those of the network at the end of
 * the epoch, measured the same way as the loss surfaces are, not running means over the
 * epoch's steps in training mode. Diverging training is not an error: NaN and ∞ losses are
 * reported as they are.
 *
 * <p>The learning rate follows {@code config.lrSchedule()}, stepped after each training epoch
 * with that epoch's eval-mode training loss (the one in its {@link EpochMetrics}; epoch 0 is
 * not a training epoch and does not step it).
 *
 * <p>Determinism: the model is initialized from {@code seed}; the shuffling and the
 * augmentation draw from two streams split from {@code seed}.
 *
 * <p>Stopping: interrupting the thread stops training at the next step with a
 * {@link CancellationException}, and so does a stop request ({@code stopRequested} of
 * {@link #run(EpochListener, ProgressListener, BooleanSupplier)}), which interrupts nothing in
 * between: a listener's I/O and an epoch's evaluation run to their end. Both are checked
 * between steps only, when no gradient collector is open and every step's arrays are closed.
 */
public final class TrainingLoop {

    /** Eval batch: PLATFORM.md measured 128–256 as the fastest for ResNet-20 on CPU. */
    static final int EVAL_BATCH_SIZE = 256;

    private final TrainingConfig config;
    private final ImageSet train;
    private final ImageSet test;
    private final Normalization normalization;

    /**
     * @param trainImages the training split; its first {@code trainSize} images are used
     * @param testImages the test split; its first {@code testSize} images are used
     * @throws InvalidFieldException if a split is smaller than the configured size
     */
    public TrainingLoop(TrainingConfig config, ImageSet trainImages, ImageSet testImages) {
        this.config = config;
        this.train = subset(trainImages, config.trainSize(), "trainSize");
        this.test = subset(testImages, config.testSize(), "testSize");
        this.normalization = Datasets.normalization(config.dataset());
        if (train.channels() != test.channels() || train.height() != test.height()
                || train.width() != test.width()) {
            throw new IllegalArgumentException(
                    "train images " + train + " and test images " + test + " differ in shape");
        }
    }

    /**
     * Checks that the splits hold at least {@code trainSize} and {@code testSize} images, as
     * the constructor does, without copying anything.
     *
     * @throws InvalidFieldException naming {@code trainSize} or {@code testSize}
     */
    public static void checkSizes(TrainingConfig config, ImageSet trainImages,
            ImageSet testImages) {
        checkSize(trainImages, config.trainSize(), "trainSize");
        checkSize(testImages, config.testSize(), "testSize");
    }

    /** A new model for {@code config}, initialized from its seed, for images like {@code set}. */
    public static Model newModel(TrainingConfig config, ImageSet set) {
        return Models.newModel(ModelSpec.parse(config.model()), set.channels(), set.height(),
                set.width(), config.seed());
    }

    /**
     * Trains {@code config.epochs()} epochs and returns the metrics of epochs 0 … epochs. The
     * model is closed when this returns.
     *
     * @throws CancellationException if the thread is interrupted
     * @throws RuntimeException whatever a listener throws, which stops training
     */
    public List<EpochMetrics> run(EpochListener epochListener, ProgressListener progress) {
        return run(epochListener, progress, () -> false);
    }

    /**
     * As {@link #run(EpochListener, ProgressListener)}, asking {@code stopRequested} before the
     * model is built and before every step; once it answers true, training ends there with a
     * {@link CancellationException} and the model is closed. An epoch whose last step is done
     * is still evaluated and handed to the listener before the next check, so the listener has
     * every epoch that was trained; only the steps of an unfinished epoch are dropped. After
     * the last epoch nothing is checked: a request that comes that late lets the run finish.
     *
     * @param stopRequested asked on the training thread; it must answer at once
     * @throws CancellationException if a stop is requested or the thread is interrupted
     */
    public List<EpochMetrics> run(EpochListener epochListener, ProgressListener progress,
            BooleanSupplier stopRequested) {
        if (stopRequested.getAsBoolean()) {
            throw new CancellationException("training stopped on request before it started");
        }

        List<EpochMetrics> history = new ArrayList<>();
        try (NoGrad noGrad = new NoGrad();
                Model model = newModel(config, train);
                Session session = new Session(model)) {
            LearningRateSchedule schedule = LearningRateSchedule.of(config);
            EpochMetrics initial = session.evaluate(schedule.rate(), 0);
            history.add(initial);
            epochListener.onEpoch(0, initial, model);

            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                double learningRate = schedule.rate();
                long start = System.nanoTime();
                session.trainEpoch(epoch, learningRate, progress, stopRequested);
                double seconds = (System.nanoTime() - start) / 1e9;
                EpochMetrics metrics = session.evaluate(learningRate, seconds);
                history.add(metrics);
                epochListener.onEpoch(epoch, metrics, model);
                schedule.epochDone(metrics.trainLoss());
            }
        }
        return history;
    }

    /** The live state of one run: the model's parameters, optimizer, random streams. */
    private final class Session implements AutoCloseable {

        private final Block block;
        private final NDManager manager;
        private final ParameterStore parameterStore;
        private final List<Map.Entry<String, NDArray>> trainable;
        private final MomentumSgd optimizer;
        private final SplittableRandom shuffling;
        private final SplittableRandom cropping;
        private final Augmentation augmentation;
        private final Loss loss = Loss.softmaxCrossEntropyLoss();

        Session(Model model) {
            block = model.getBlock();
            manager = model.getNDManager().newSubManager();
            parameterStore = new ParameterStore(manager, false);
            trainable = trainableParameters(block);
            optimizer = new MomentumSgd(config.momentum(), config.nesterov(),
                    config.weightDecay(), manager);
            SplittableRandom seeds = new SplittableRandom(config.seed());
            shuffling = seeds.split();
            cropping = seeds.split();
            augmentation = new Augmentation(train, normalization);
        }

        void trainEpoch(int epoch, double learningRate, ProgressListener progress,
                BooleanSupplier stopRequested) {
            int[] order = permutation(train.size(), shuffling);
            long epochStepNanos = 0;
            for (int batch = 0; batch < config.batchesPerEpoch(); batch++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("training interrupted in epoch " + epoch);
                }
                if (stopRequested.getAsBoolean()) {
                    throw new CancellationException("training stopped on request before step "
                            + (batch + 1) + " of epoch " + epoch);
                }
                long start = System.nanoTime();
                int[] indices = Arrays.copyOfRange(order, batch * config.batchSize(),
                        Math.min(order.length, (batch + 1) * config.batchSize()));
                double stepLoss = step(indices, learningRate);
                long nanos = System.nanoTime() - start;
                epochStepNanos += nanos;
                progress.onStep(progress(epoch, batch + 1, nanos, epochStepNanos, stepLoss));
            }
        }

        /** One SGD step on the images at {@code indices}; returns the batch's mean loss. */
        private double step(int[] indices, double learningRate) {
            try (NDManager step = manager.newSubManager()) {
                float[] pixels = config.augment()
                        ? augmentation.batch(indices, cropping)
                        : ImageTensors.normalize(train, indices, normalization);
                NDArray images = step.create(pixels,
                        new Shape(indices.length, train.channels(), train.height(),
                                train.width()));
                NDArray labels = ImageTensors.labels(train, indices, step);
                double stepLoss;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = block.forward(parameterStore, new NDList(images),
                            /* training= */ true).singletonOrThrow();
                    NDArray batchLoss = loss.evaluate(new NDList(labels), new NDList(logits));
                    collector.backward(batchLoss);
                    stepLoss = batchLoss.getFloat();
                }
                optimizer.step(trainable, learningRate, step);
                return stepLoss;
            }
        }

        /** Eval-mode metrics on the training and test subsets; seconds 0 stays 0 (epoch 0). */
        EpochMetrics evaluate(double learningRate, double trainingSeconds) {
            long start = System.nanoTime();
            SubsetEvaluator.Measured onTrain = new SubsetEvaluator(train, normalization,
                    EVAL_BATCH_SIZE).evaluate(block, parameterStore, manager);
            SubsetEvaluator.Measured onTest = new SubsetEvaluator(test, normalization,
                    EVAL_BATCH_SIZE).evaluate(block, parameterStore, manager);
            double seconds = trainingSeconds == 0
                    ? 0
                    : trainingSeconds + (System.nanoTime() - start) / 1e9;
            return new EpochMetrics(onTrain.loss(), onTrain.accuracy(), onTest.loss(),
                    onTest.accuracy(), learningRate, seconds);
        }

        @Override
        public void close() {
            optimizer.close();
            manager.close();
        }
    }

    private TrainingProgress progress(int epoch, int batch, long stepNanos, long epochStepNanos,
            double stepLoss) {
        int batches = config.batchesPerEpoch();
        long imagesDone = Math.min((long) batch * config.batchSize(), train.size());
        double imagesPerSecond = imagesDone / (epochStepNanos / 1e9);
        long imagesLeft = (long) (config.epochs() - epoch) * train.size()
                + (train.size() - imagesDone);
        return new TrainingProgress(epoch, config.epochs(), batch, batches, stepNanos / 1e9,
                stepLoss, imagesPerSecond, imagesLeft / imagesPerSecond);
    }

    /** Parameters that receive gradients, by a stable id; BatchNorm running stats excluded. */
    private static List<Map.Entry<String, NDArray>> trainableParameters(Block block) {
        List<Map.Entry<String, NDArray>> trainable = new ArrayList<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            if (parameter.getValue().requiresGradient()) {
                trainable.add(Map.entry(parameter.getKey(), parameter.getValue().getArray()));
            }
        }
        return trainable;
    }

    private static int[] permutation(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static ImageSet subset(ImageSet images, int size, String field) {
        checkSize(images, size, field);
        return images.first(size);
    }

    private static void checkSize(ImageSet images, int size, String field) {
        if (size > images.size()) {
            throw new InvalidFieldException(field, field + " (" + size + ") must be at most "
                    + images.size() + ", the images in " + images.name());
        }
    }
}
