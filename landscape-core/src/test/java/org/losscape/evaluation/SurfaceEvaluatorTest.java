package org.losscape.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;
import org.losscape.data.Split;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.grid.Grid;
import org.losscape.grid.GridPoint;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;
import org.losscape.messages.PointValue;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;
import org.losscape.weights.PlaneWriter;

/** Evaluation on the first 256 real CIFAR-10 training images with a seeded ResNet-20. */
class SurfaceEvaluatorTest {

    private static final int IMAGES = 256;
    /** Enough images for tests that compare two evaluations of the same set. */
    private static final int SMALL = 64;

    private static ImageSet cifar;

    private Model model;
    private NDManager data;
    private NDArray images;
    private NDArray labels;
    private ParameterTensors theta;
    private DirectionPair directions;

    @BeforeAll
    static void readCifar() {
        Path datasets = Path.of(System.getProperty("losscape.datasets", "../shared/datasets"));
        cifar = Cifar10.read(datasets.resolve("cifar-10-subset"), Split.TRAIN).first(IMAGES);
    }

    @BeforeEach
    void setUp() {
        model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 21);
        data = model.getNDManager().newSubManager();
        images = ImageTensors.images(cifar, Normalization.CIFAR10, data);
        labels = ImageTensors.labels(cifar, data);
        theta = ParameterTensors.of(model.getBlock());
        directions = Directions.pair(theta, 5, Directions.FILTER, false);
    }

    @AfterEach
    void tearDown() {
        data.close();
        model.close();
    }

    @Test
    void evaluator_loss_matchesCrossEntropyComputedOnTheHost() {
        float[] logits = logits();

        LossAccuracy value = new Evaluator(model.getBlock(), images, labels, 100).evaluate();

        double loss = 0;
        int correct = 0;
        for (int n = 0; n < IMAGES; n++) {
            double max = Double.NEGATIVE_INFINITY;
            int argMax = 0;
            for (int c = 0; c < 10; c++) {
                if (logits[n * 10 + c] > max) {
                    max = logits[n * 10 + c];
                    argMax = c;
                }
            }
            double sumExp = 0;
            for (int c = 0; c < 10; c++) {
                sumExp += Math.exp(logits[n * 10 + c] - max);
            }
            loss += max + Math.log(sumExp) - logits[n * 10 + cifar.labels()[n]];
            correct += argMax == cifar.labels()[n] ? 1 : 0;
        }
        // float32 log-softmax against double: agree to about 1e-6 relative.
        assertEquals(loss / IMAGES, value.loss(), 1e-5 * loss / IMAGES);
        assertEquals(correct / (double) IMAGES, value.accuracy(), 0.0);
    }

    @Test
    void evaluator_batchSize_doesNotChangeTheResult() {
        LossAccuracy whole = evaluator(SMALL, SMALL).evaluate();
        LossAccuracy ragged = evaluator(SMALL, 50).evaluate();

        assertEquals(whole.loss(), ragged.loss(), 1e-5 * whole.loss());
        assertEquals(whole.accuracy(), ragged.accuracy(), 0.0);
    }

    @Test
    void surfaceEvaluator_atOrigin_givesTheLossOfTheUnperturbedModel() {
        Evaluator evaluator = new Evaluator(model.getBlock(), images, labels);
        LossAccuracy unperturbed = evaluator.evaluate();

        try (PlaneWriter writer = planeWriter()) {
            SurfaceEvaluator surface = new SurfaceEvaluator(writer, evaluator);
            Grid grid = new Grid(new GridSpec(new Axis(-1, 1, 3), new Axis(-1, 1, 3)));
            PointValue corner = surface.evaluate(grid.point(0));
            PointValue origin = surface.evaluate(grid.point(4));

            assertEquals(new GridPoint(4, 1, 1, 0, 0), grid.point(4));
            assertEquals(unperturbed.loss(), origin.loss(), 0.0);
            assertEquals(unperturbed.accuracy(), origin.accuracy(), 0.0);
            assertEquals(4, origin.index());
            assertNotEquals(unperturbed.loss(), corner.loss());
        }
    }

    @Test
    void planeWriter_awayAndBackToOrigin_restoresParametersBitExact() {
        try (PlaneWriter writer = planeWriter()) {
            writer.moveTo(0.7, -0.4);
            ParameterTensors away = ParameterTensors.of(model.getBlock());
            writer.moveTo(0, 0);

            assertFalse(Arrays.equals(theta.get(0).values(), away.get(0).values()));
            assertBitEqual(theta, ParameterTensors.of(model.getBlock()));
        }
    }

    /**
     * A move writes into the arrays that the block already holds rather than giving it new
     * ones: whatever holds a parameter's array (a forward pass, an evaluator) sees each point,
     * and no point allocates a model's worth of arrays.
     */
    @Test
    void planeWriter_moveToGridPoint_writesIntoTheBlocksOwnArrays() {
        List<NDArray> arrays = parameterArrays();

        try (PlaneWriter writer = planeWriter()) {
            writer.moveTo(0.7, -0.4);
            List<NDArray> atPoint = parameterArrays();
            List<float[]> pointValues = values(arrays);
            writer.moveTo(0, 0);
            List<NDArray> atOrigin = parameterArrays();

            assertEquals(theta.size(), arrays.size());
            assertEquals(arrays.size(), atPoint.size());
            assertEquals(arrays.size(), atOrigin.size());
            int moved = 0;
            for (int k = 0; k < arrays.size(); k++) {
                String name = theta.get(k).name();
                assertSame(arrays.get(k), atPoint.get(k), name + " at (0.7, -0.4)");
                assertSame(arrays.get(k), atOrigin.get(k), name + " back at (0, 0)");
                if (isNonZero(directions.x().get(k))) {
                    assertFalse(Arrays.equals(theta.get(k).values(), pointValues.get(k)),
                            name + " kept its values at (0.7, -0.4)");
                    moved++;
                }
                assertArrayEquals(theta.get(k).values(), arrays.get(k).toFloatArray(),
                        name + " back at (0, 0)");
            }
            assertTrue(moved > 0, "no parameter has a non-zero direction");
        }
    }

    @Test
    void planeWriter_moveTo_writesThetaPlusStepsAlongBothDirections() {
        double alpha = 0.7;
        double beta = -0.4;
        try (PlaneWriter writer = planeWriter()) {
            writer.moveTo(alpha, beta);
            ParameterTensors moved = ParameterTensors.of(model.getBlock());

            for (int k = 0; k < theta.size(); k++) {
                ParameterTensor w = theta.get(k);
                for (int v = 0; v < w.size(); v++) {
                    double expected = w.value(v) + alpha * directions.x().get(k).value(v)
                            + beta * directions.y().get(k).value(v);
                    // three float32 roundings of values below 10 in magnitude
                    assertEquals(expected, moved.get(k).value(v), 1e-5, w.name() + "[" + v + "]");
                }
            }
        }
    }

    @Test
    void planeWriter_runningStatistics_stayAtTheirValues() {
        // A fresh network's statistics (mean 0, variance 1) would hide a writer that resets
        // them: give them the values of real images first.
        updateRunningStatistics(images.get("0:" + SMALL));
        ParameterTensors trained = ParameterTensors.of(model.getBlock());
        assertStatisticsMoved(theta, trained);
        Evaluator evaluator = evaluator(SMALL, SMALL);

        try (PlaneWriter writer = new PlaneWriter(model.getBlock(), model.getNDManager(),
                trained, directions.x(), directions.y())) {
            writer.moveTo(3, 3);
            // The evaluation's forwards are the other way to overwrite them.
            evaluator.evaluate();
            ParameterTensors moved = ParameterTensors.of(model.getBlock());

            int checked = 0;
            for (int k = 0; k < trained.size(); k++) {
                ParameterTensor before = trained.get(k);
                if (before.kind().isRunningStatistic() || before.rank() <= 1) {
                    assertArrayEquals(before.values(), moved.get(k).values(), before.name());
                    checked += before.kind().isRunningStatistic() ? 1 : 0;
                }
            }
            // 21 batch norms × (running mean, running variance).
            assertEquals(21 * 2, checked);
        }
    }

    @Test
    void planeWriter_withoutSecondDirection_ignoresBeta() {
        try (PlaneWriter writer = new PlaneWriter(model.getBlock(), model.getNDManager(),
                theta, directions.x(), null)) {
            writer.moveTo(0.5, 0);
            ParameterTensors alphaOnly = ParameterTensors.of(model.getBlock());
            writer.moveTo(0.5, 9);

            assertBitEqual(alphaOnly, ParameterTensors.of(model.getBlock()));
        }
    }

    @Test
    void planeWriter_close_leavesTheModelAtOrigin() {
        PlaneWriter writer = planeWriter();
        writer.moveTo(1, 1);

        writer.close();

        assertBitEqual(theta, ParameterTensors.of(model.getBlock()));
        assertThrows(IllegalStateException.class, () -> writer.moveTo(0, 0));
    }

    @Test
    void surfaceEvaluator_hugeStep_givesNonFiniteLossWithoutException() {
        Evaluator evaluator = evaluator(SMALL, SMALL);
        LossAccuracy unperturbed = evaluator.evaluate();
        try (PlaneWriter writer = planeWriter()) {
            SurfaceEvaluator surface = new SurfaceEvaluator(writer, evaluator);

            PointValue far = surface.evaluate(new GridPoint(0, 0, 0, 1e30, 0));
            PointValue back = surface.evaluate(new GridPoint(1, 1, 0, 0, 0));

            assertFalse(Double.isFinite(far.loss()), "loss " + far.loss());
            assertTrue(far.accuracy() >= 0 && far.accuracy() <= 1, "accuracy " + far.accuracy());
            assertEquals(unperturbed.loss(), back.loss(), 0.0);
        }
    }

    @Test
    void surfaceEvaluator_onAnotherThread_movesAndEvaluates() throws Exception {
        Evaluator evaluator = evaluator(SMALL, SMALL);
        LossAccuracy unperturbed = evaluator.evaluate();
        try (PlaneWriter writer = planeWriter()) {
            SurfaceEvaluator surface = new SurfaceEvaluator(writer, evaluator);

            // A fresh thread has autograd on in PyTorch; in-place writes must still work.
            PointValue moved = CompletableFuture.supplyAsync(() -> {
                surface.evaluate(new GridPoint(0, 0, 0, 0.5, 0.5));
                return surface.evaluate(new GridPoint(1, 0, 1, 0, 0));
            }, runnable -> new Thread(runnable).start()).get();

            assertEquals(unperturbed.loss(), moved.loss(), 0.0);
        }
    }

    @Test
    void evaluator_labelCountMismatch_isRejected() {
        NDArray fewer = labels.get("0:10");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Evaluator(model.getBlock(), images, fewer, 256));

        assertEquals("labels shape ((10)) must be (256), one label per image", e.getMessage());
    }

    @Test
    void planeWriter_directionOfOtherModel_isRejected() {
        try (Model other = Models.newModel(ModelSpec.parse("resnet20-noskip"), 3, 32, 32, 1)) {
            ParameterTensors foreign = Directions.random(
                    ParameterTensors.of(other.getBlock()), 1, Directions.FILTER, false);

            assertThrows(IllegalArgumentException.class, () -> new PlaneWriter(
                    model.getBlock(), model.getNDManager(), theta, foreign, null));
        }
    }

    private Evaluator evaluator(int count, int batchSize) {
        String range = "0:" + count;
        return new Evaluator(model.getBlock(), images.get(range), labels.get(range), batchSize);
    }

    private PlaneWriter planeWriter() {
        return new PlaneWriter(model.getBlock(), model.getNDManager(), theta, directions.x(),
                directions.y());
    }

    /** The block's live parameter arrays, in parameter order. */
    private List<NDArray> parameterArrays() {
        return model.getBlock().getParameters().values().stream()
                .map(Parameter::getArray)
                .toList();
    }

    private static List<float[]> values(List<NDArray> arrays) {
        return arrays.stream().map(NDArray::toFloatArray).toList();
    }

    private static boolean isNonZero(ParameterTensor tensor) {
        for (float value : tensor.values()) {
            if (value != 0) {
                return true;
            }
        }
        return false;
    }

    private float[] logits() {
        try (NDManager manager = data.newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(manager);
            return model.getBlock()
                    .forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** One forward in training mode: batch norm overwrites its running statistics. */
    private void updateRunningStatistics(NDArray batch) {
        try (NDManager manager = data.newSubManager()) {
            NDArray x = batch.duplicate();
            x.attach(manager);
            model.getBlock().forward(
                    new ParameterStore(manager, false), new NDList(x), /* training= */ true);
        }
    }

    /** Every running mean and variance of {@code after} differs from {@code before}'s. */
    private static void assertStatisticsMoved(ParameterTensors before, ParameterTensors after) {
        for (int k = 0; k < before.size(); k++) {
            if (before.get(k).kind().isRunningStatistic()) {
                assertFalse(Arrays.equals(before.get(k).values(), after.get(k).values()),
                        before.get(k).name() + " still at its initial value");
            }
        }
    }

    private static void assertBitEqual(ParameterTensors expected, ParameterTensors actual) {
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k).values(), actual.get(k).values(),
                    expected.get(k).name());
        }
    }
}
