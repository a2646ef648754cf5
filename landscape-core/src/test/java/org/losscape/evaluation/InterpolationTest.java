package org.losscape.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;
import org.losscape.data.Split;
import org.losscape.directions.Directions;
import org.losscape.grid.Grid;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;
import org.losscape.messages.PointValue;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.training.ProgressListener;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingLoop;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;
import org.losscape.weights.PlaneWriter;

/**
 * The interpolation f(α) = L(θ_A + α·(θ_B − θ_A)) between two real ResNet-20 solutions: same
 * seed, trained one epoch on 32 CIFAR-10 images with batch 8 (A) and 32 (B), so their weights
 * and batch-norm running statistics differ. Evaluated on 64 training images.
 */
class InterpolationTest {

    private static final ModelSpec RESNET20 = ModelSpec.parse("resnet20");

    private static ImageSet evaluationImages;
    private static byte[] checkpointA;
    private static byte[] checkpointB;

    private Model model;
    private NDManager data;
    private Evaluator evaluator;
    private ParameterTensors thetaA;
    private ParameterTensors thetaB;

    @BeforeAll
    static void trainTwoSolutions() {
        // TrainingLoop asks the engine for its autograd mode before it builds a model.
        Engine.getInstance();
        Path datasets = Path.of(System.getProperty("losscape.datasets", "../shared/datasets"));
        ImageSet train = Cifar10.read(datasets.resolve("cifar-10-subset"), Split.TRAIN);
        ImageSet test = Cifar10.read(datasets.resolve("cifar-10-subset"), Split.TEST);
        evaluationImages = train.first(64);
        checkpointA = trainedCheckpoint(8, train, test);
        checkpointB = trainedCheckpoint(32, train, test);
    }

    @BeforeEach
    void setUp() {
        model = Models.newModel(RESNET20, 3, 32, 32, /* seed= */ 0);
        data = model.getNDManager().newSubManager();
        NDArray images = ImageTensors.images(evaluationImages, Normalization.CIFAR10, data);
        NDArray labels = ImageTensors.labels(evaluationImages, data);
        evaluator = new Evaluator(model.getBlock(), images, labels, 64);
        thetaA = snapshot(checkpointA);
        thetaB = snapshot(checkpointB);
    }

    @AfterEach
    void tearDown() {
        data.close();
        model.close();
    }

    @Test
    void interpolation_atAlphaZeroAndOne_reproducesEachModelsOwnLossAndAccuracyExactly() {
        LossAccuracy ownA = ownLossAccuracy(checkpointA);
        LossAccuracy ownB = ownLossAccuracy(checkpointB);
        ParameterTensors direction = Directions.between(thetaA, thetaB);
        Grid grid = new Grid(new GridSpec(new Axis(-0.5, 1.5, 5), new Axis(0, 0, 1)));

        PointValue atZero;
        PointValue atHalf;
        PointValue atOne;
        try (PlaneWriter writer = PlaneWriter.interpolation(
                model.getBlock(), data, thetaA, direction, thetaB)) {
            SurfaceEvaluator surface = new SurfaceEvaluator(writer, evaluator);
            surface.evaluate(grid.point(0));
            atHalf = surface.evaluate(grid.point(2));
            atOne = surface.evaluate(grid.point(3));
            surface.evaluate(grid.point(4));
            atZero = surface.evaluate(grid.point(1));
        }

        assertEquals(0.0, atZero.alpha(), 0.0);
        assertEquals(1.0, atOne.alpha(), 0.0);
        // Tolerance 0: the same weights on the same images in the same batches give the same
        // floats; the writer copies each solution rather than computing θ_A + 1·d.
        assertEquals(ownA.loss(), atZero.loss(), 0.0);
        assertEquals(ownA.accuracy(), atZero.accuracy(), 0.0);
        assertEquals(ownB.loss(), atOne.loss(), 0.0);
        assertEquals(ownB.accuracy(), atOne.accuracy(), 0.0);
        assertNotEquals(ownA.loss(), ownB.loss());
        assertNotEquals(ownA.loss(), atHalf.loss());
        assertNotEquals(ownB.loss(), atHalf.loss());
    }

    @Test
    void interpolationWriter_endpoints_areEachSolutionBitForBit() {
        ParameterTensors direction = Directions.between(thetaA, thetaB);

        try (PlaneWriter writer = PlaneWriter.interpolation(
                model.getBlock(), data, thetaA, direction, thetaB)) {
            writer.moveTo(1, 0);
            assertBitEqual(thetaB, ParameterTensors.of(model.getBlock()));
            writer.moveTo(0.3, 0);
            writer.moveTo(0, 0.7);
            assertBitEqual(thetaA, ParameterTensors.of(model.getBlock()));
            writer.moveTo(1, 5);
            assertBitEqual(thetaB, ParameterTensors.of(model.getBlock()));
        }
        assertBitEqual(thetaA, ParameterTensors.of(model.getBlock()));
    }

    @Test
    void interpolationWriter_halfway_movesTheRunningStatisticsWithTheWeights() {
        ParameterTensors direction = Directions.between(thetaA, thetaB);
        String runningMean = "02bn1_runningMean";
        float[] a = thetaA.get(runningMean).values();
        float[] b = thetaB.get(runningMean).values();
        assertFalse(java.util.Arrays.equals(a, b), "the two solutions' statistics differ");

        try (PlaneWriter writer = PlaneWriter.interpolation(
                model.getBlock(), data, thetaA, direction, thetaB)) {
            writer.moveTo(0.5, 0);
            float[] halfway = ParameterTensors.of(model.getBlock()).get(runningMean).values();

            float[] d = direction.get(runningMean).values();
            for (int v = 0; v < a.length; v++) {
                // 0.5·d is exact in float32 and the sum is rounded once, as on the host.
                assertEquals(a[v] + 0.5f * d[v], halfway[v], 0f, runningMean + "[" + v + "]");
            }
        }
    }

    @Test
    void interpolationWriter_parameterEqualInBothSolutions_isLeftAlone() {
        List<ParameterTensor> changed = new java.util.ArrayList<>(thetaB.tensors());
        int last = changed.size() - 1;
        changed.set(last, thetaA.get(last));
        ParameterTensors end = ParameterTensors.of(changed);
        ParameterTensors direction = Directions.between(thetaA, end);

        try (PlaneWriter writer = PlaneWriter.interpolation(
                model.getBlock(), data, thetaA, direction, end)) {
            writer.moveTo(1.5, 0);
            ParameterTensors moved = ParameterTensors.of(model.getBlock());

            assertArrayEquals(thetaA.get(last).values(), moved.get(last).values());
            assertTrue(!java.util.Arrays.equals(
                    thetaA.get(0).values(), moved.get(0).values()));
        }
    }

    /** The loss and accuracy of a checkpoint in a model of its own, no writer involved. */
    private static LossAccuracy ownLossAccuracy(byte[] checkpoint) {
        try (Model own = Models.newModel(RESNET20, 3, 32, 32, /* seed= */ 5);
                NDManager ownData = own.getNDManager().newSubManager()) {
            Checkpoints.load(own, checkpoint);
            NDArray images = ImageTensors.images(evaluationImages, Normalization.CIFAR10, ownData);
            NDArray labels = ImageTensors.labels(evaluationImages, ownData);
            return new Evaluator(own.getBlock(), images, labels, 64).evaluate();
        }
    }

    private static byte[] trainedCheckpoint(int batchSize, ImageSet train, ImageSet test) {
        TrainingConfig config = new TrainingConfig("resnet20", "cifar10", /* epochs= */ 1,
                batchSize, 0.1, 0.9, false, 5e-4, List.of(), 1.0, /* seed= */ 7, 32, 8, false);
        byte[][] last = new byte[1][];
        new TrainingLoop(config, train, test).run((epoch, metrics, trained) -> {
            if (epoch == config.epochs()) {
                last[0] = Checkpoints.save(trained);
            }
        }, ProgressListener.NONE);
        return last[0];
    }

    private static ParameterTensors snapshot(byte[] checkpoint) {
        try (Model loaded = Models.newModel(RESNET20, 3, 32, 32, /* seed= */ 1)) {
            Checkpoints.load(loaded, checkpoint);
            return ParameterTensors.of(loaded.getBlock());
        }
    }

    private static void assertBitEqual(ParameterTensors expected, ParameterTensors actual) {
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k).values(), actual.get(k).values(),
                    expected.get(k).name());
        }
    }
}
