package org.losscape.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.Split;
import org.losscape.messages.EpochMetrics;
import org.losscape.weights.Checkpoints;

/** ResNet-20 on real CIFAR-10 images (the exact subset), a few hundred at a time. */
class TrainingLoopTest {

    private static ImageSet train;
    private static ImageSet test;

    @BeforeAll
    static void readCifar() {
        // Starts the engine on this thread, as a service does on its main thread.
        Engine.getInstance();
        Path subset = Path.of(System.getProperty("losscape.datasets", "../../shared/datasets"))
                .resolve("cifar-10-subset");
        train = Cifar10.read(subset, Split.TRAIN);
        test = Cifar10.read(subset, Split.TEST);
    }

    @Test
    void run_sameSeed_identicalInitialWeights() {
        TrainingConfig config = config(1, 32, 0.1, 7, 32, 32).withSizes(32, 32);
        TrainingConfig augmented = new TrainingConfig(config.model(), config.dataset(), 1, 32,
                0.1, 0.9, true, 5e-4, List.of(), 0.1, 7, 32, 32, true);

        byte[] first = initialCheckpoint(config);
        byte[] second = initialCheckpoint(augmented);
        byte[] otherSeed = initialCheckpoint(config(1, 32, 0.1, 8, 32, 32));

        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, otherSeed), "seeds 7 and 8 gave the same weights");
    }

    /**
     * The stated check: 2 epochs of SGD (rate 0.01, momentum 0.9, batch 32, no augmentation)
     * on 512 images bring the eval-mode training loss to at most 80% of the initial one. With
     * seed 1 it went from 3.77 to 2.01 nats (53%), so the margin is wide.
     */
    @Test
    void run_resnet20On512Images_trainingLossFalls() {
        TrainingConfig config = config(2, 32, 0.01, 1, 512, 256);
        List<Integer> epochs = new ArrayList<>();
        List<Integer> liveArrays = new ArrayList<>();
        List<TrainingProgress> steps = new ArrayList<>();
        ProgressLog log = new ProgressLog("loss-falls", 2, Duration.ofSeconds(10));

        List<EpochMetrics> history = new TrainingLoop(config, train, test).run(
                (epoch, metrics, model) -> {
                    epochs.add(epoch);
                    liveArrays.add(model.getNDManager().getManagedArrays().size());
                    log.onEpoch(epoch, metrics, model);
                },
                log.andThen(steps::add));

        assertEquals(List.of(0, 1, 2), epochs);
        // Each step's arrays are closed with its sub-manager: nothing accumulates per epoch.
        assertEquals(liveArrays.get(1), liveArrays.get(2), "arrays held after epochs 1 and 2");
        assertEquals(3, history.size());
        assertEquals(32, steps.size());
        assertEquals(16, steps.get(0).batches());
        double initial = history.get(0).trainLoss();
        double last = history.get(2).trainLoss();
        assertTrue(last < 0.8 * initial, "training loss went from " + initial + " to " + last);
        assertEquals(0, history.get(0).seconds());
        assertTrue(history.get(2).seconds() > 0);
        assertTrue(history.get(2).testAccuracy() >= 0 && history.get(2).testAccuracy() <= 1);
        double imagesPerSecond = steps.get(steps.size() - 1).imagesPerSecond();
        assertTrue(imagesPerSecond > 0);
        System.out.printf("ResNet-20 training speed at batch 32: %.0f images/s%n",
                imagesPerSecond);
    }

    @Test
    void run_divergingLearningRate_nonFiniteMetricsWithoutThrowing() {
        TrainingConfig config = config(1, 32, 1e4, 1, 128, 64);

        List<EpochMetrics> history = new TrainingLoop(config, train, test)
                .run((epoch, metrics, model) -> {}, ProgressListener.NONE);

        EpochMetrics diverged = history.get(1);
        assertTrue(Double.isFinite(history.get(0).trainLoss()));
        assertFalse(Double.isFinite(diverged.trainLoss()), diverged.toString());
        assertFalse(Double.isFinite(diverged.testLoss()), diverged.toString());
        assertTrue(diverged.trainAccuracy() >= 0 && diverged.trainAccuracy() <= 1);
    }

    /**
     * A rate of 1e4 diverges in the first epoch; from then on the training loss is NaN, which
     * never improves, so with patience 0 the plateau schedule halves the rate after every
     * epoch, and each epoch's metrics carry the rate it was trained at.
     */
    @Test
    void run_plateauOnDivergedLoss_halvesRateEachEpoch() {
        TrainingConfig config = new TrainingConfig("resnet20", "cifar10", 3, 32, 1e4, 0.9,
                false, 5e-4, LrSchedule.PLATEAU, List.of(), 0.5, 0, 0, 1, 128, 64, false);

        List<EpochMetrics> history = new TrainingLoop(config, train, test)
                .run((epoch, metrics, model) -> {}, ProgressListener.NONE);

        assertFalse(Double.isFinite(history.get(1).trainLoss()), history.get(1).toString());
        assertEquals(List.of(1e4, 1e4, 5e3, 2.5e3),
                history.stream().map(EpochMetrics::learningRate).toList());
    }

    @Test
    void run_interrupted_stopsWithCancellation() {
        TrainingConfig config = config(3, 32, 0.1, 1, 64, 32);
        List<Integer> epochs = new ArrayList<>();

        assertThrows(CancellationException.class,
                () -> new TrainingLoop(config, train, test).run((epoch, metrics, model) -> {
                    epochs.add(epoch);
                    Thread.currentThread().interrupt();
                }, ProgressListener.NONE));

        assertTrue(Thread.interrupted(), "the interrupt flag was cleared");
        assertEquals(List.of(0), epochs);
    }

    /**
     * A stop requested in the middle of an epoch ends training before the next step; the
     * model is closed and the gradient collector released (PyTorch allows one at a time), so
     * the next run on the same thread trains.
     */
    @Test
    void run_stopRequestedAfterThreeSteps_stopsBeforeFourthAndNextRunTrains() {
        TrainingConfig config = config(2, 32, 0.1, 1, 256, 32);
        List<Integer> epochs = new ArrayList<>();
        List<TrainingProgress> steps = new ArrayList<>();
        List<Model> models = new ArrayList<>();

        CancellationException stopped = assertThrows(CancellationException.class,
                () -> new TrainingLoop(config, train, test).run((epoch, metrics, model) -> {
                    epochs.add(epoch);
                    models.add(model);
                }, steps::add, () -> steps.size() >= 3));

        assertEquals("training stopped on request before step 4 of epoch 1",
                stopped.getMessage());
        assertEquals(List.of(0), epochs);
        assertEquals(3, steps.size());
        assertFalse(models.get(0).getNDManager().isOpen(), "the model was left open");
        List<EpochMetrics> next = new TrainingLoop(config(1, 32, 0.1, 2, 64, 32), train, test)
                .run((epoch, metrics, model) -> {}, ProgressListener.NONE);
        assertEquals(2, next.size());
    }

    /**
     * A stop requested while an epoch is handed over (its checkpoint being stored) lets that
     * epoch finish: it was trained, so it must reach the listener; the next epoch never starts.
     */
    @Test
    void run_stopRequestedDuringEpochListener_thatEpochKeptNextNotStarted() {
        TrainingConfig config = config(3, 32, 0.1, 1, 64, 32);
        List<Integer> epochs = new ArrayList<>();
        List<TrainingProgress> steps = new ArrayList<>();
        boolean[] stop = {false};

        assertThrows(CancellationException.class,
                () -> new TrainingLoop(config, train, test).run((epoch, metrics, model) -> {
                    epochs.add(epoch);
                    stop[0] = epoch == 1;
                }, steps::add, () -> stop[0]));

        assertEquals(List.of(0, 1), epochs);
        assertEquals(2, steps.size(), "steps: the 2 of epoch 1, none of epoch 2");
        assertEquals(1, steps.get(1).epoch());
    }

    @Test
    void run_stopRequestedBeforeStart_noEpochAtAll() {
        TrainingConfig config = config(1, 32, 0.1, 1, 64, 32);
        List<Integer> epochs = new ArrayList<>();

        assertThrows(CancellationException.class,
                () -> new TrainingLoop(config, train, test).run(
                        (epoch, metrics, model) -> epochs.add(epoch),
                        ProgressListener.NONE, () -> true));

        assertEquals(List.of(), epochs);
    }

    /**
     * PyTorch keeps autograd on per thread and DJL turns it off only on the thread that started
     * the engine; a service trains on a worker thread of its own.
     */
    @Test
    void run_onThreadOtherThanEngineStarter_trains() throws Exception {
        TrainingConfig config = config(1, 32, 0.1, 3, 64, 32);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<EpochMetrics> history = executor.submit(() -> new TrainingLoop(config, train,
                    test).run((epoch, metrics, model) -> {}, ProgressListener.NONE)).get();

            assertEquals(2, history.size());
            assertTrue(Double.isFinite(history.get(1).trainLoss()));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void new_trainSizeBeyondData_rejectedNamingField() {
        TrainingConfig config = config(1, 64, 0.1, 1, 5000, 100);

        InvalidFieldException error = assertThrows(InvalidFieldException.class,
                () -> new TrainingLoop(config, train, test));

        assertEquals("trainSize", error.field());
        assertEquals("trainSize (5000) must be at most 4000, the images in cifar10-train",
                error.getMessage());
    }

    private static TrainingConfig config(int epochs, int batchSize, double learningRate,
            long seed, int trainSize, int testSize) {
        return new TrainingConfig("resnet20", "cifar10", epochs, batchSize, learningRate, 0.9,
                false, 5e-4, List.of(), 0.1, seed, trainSize, testSize, false);
    }

    private static byte[] initialCheckpoint(TrainingConfig config) {
        byte[][] saved = new byte[1][];
        new TrainingLoop(config, train, test).run((epoch, metrics, model) -> {
            if (epoch == 0) {
                saved[0] = Checkpoints.save(model);
            }
        }, ProgressListener.NONE);
        return saved[0];
    }
}
