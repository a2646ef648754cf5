package org.losscape.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.losscape.weights.ParameterKind;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

class TrajectoryPlaneTest {

    /** A small conv net: conv weight, batch norm (γ, β, mean, var), linear weight and bias. */
    private static final String[] NAMES = {
        "01conv1_weight", "02bn1_gamma", "02bn1_beta", "02bn1_runningMean", "02bn1_runningVar",
        "03linear_weight", "03linear_bias"
    };
    private static final ParameterKind[] KINDS = {
        ParameterKind.WEIGHT, ParameterKind.GAMMA, ParameterKind.BETA,
        ParameterKind.RUNNING_MEAN, ParameterKind.RUNNING_VAR, ParameterKind.WEIGHT,
        ParameterKind.BIAS
    };
    private static final long[][] SHAPES = {{8, 3, 3, 3}, {8}, {8}, {8}, {8}, {10, 8}, {10}};

    /** Weights: 216 + 80. */
    private static final int WEIGHT_COUNT = 296;

    @Test
    void fit_weightsOnly_recoversTheWeightDirectionsAndZeroesTheRest() {
        Random random = new Random(3);
        double[] a = TrajectoryPcaTest.unit(TrajectoryPcaTest.gaussian(random, WEIGHT_COUNT));
        double[] b = TrajectoryPcaTest.orthogonalUnit(
                TrajectoryPcaTest.gaussian(random, WEIGHT_COUNT), a);
        // Biases and batch norm move a lot: they would dominate the PCA if they took part.
        List<ParameterTensors> path = tensorPath(random, a, b, /* otherScale= */ 50);

        TrajectoryPlane plane = TrajectoryPca.fit(path, /* includeBiasAndBatchNorm= */ false);

        assertTrue(Math.abs(cosine(weights(plane.direction1()), a)) > 0.999);
        assertTrue(Math.abs(cosine(weights(plane.direction2()), b)) > 0.999);
        for (ParameterTensors direction : List.of(plane.direction1(), plane.direction2())) {
            path.get(0).requireSameLayout(direction, "direction");
            for (ParameterTensor tensor : direction) {
                if (tensor.kind() != ParameterKind.WEIGHT) {
                    assertEquals(0.0, maxAbs(tensor), 0.0, tensor.name());
                }
            }
        }
        assertEquals(path.get(8), plane.origin());
        PathPoint last = plane.path().get(8);
        assertEquals(0.0, last.x(), 0.0);
        assertEquals(0.0, last.y(), 0.0);
        double[] ratio = plane.explainedVarianceRatio();
        assertTrue(ratio[0] > 0 && ratio[1] > 0 && ratio[0] + ratio[1] <= 1.0);
    }

    @Test
    void fit_withBiasAndBatchNorm_movesThemButNeverTheRunningStatistics() {
        Random random = new Random(5);
        double[] a = TrajectoryPcaTest.unit(TrajectoryPcaTest.gaussian(random, WEIGHT_COUNT));
        double[] b = TrajectoryPcaTest.orthogonalUnit(
                TrajectoryPcaTest.gaussian(random, WEIGHT_COUNT), a);
        List<ParameterTensors> path = tensorPath(random, a, b, /* otherScale= */ 50);

        TrajectoryPlane plane = TrajectoryPca.fit(path, /* includeBiasAndBatchNorm= */ true);

        ParameterTensors d1 = plane.direction1();
        assertTrue(plane.includeBiasAndBatchNorm());
        assertTrue(maxAbs(d1.get("02bn1_gamma")) > 0);
        assertTrue(maxAbs(d1.get("03linear_bias")) > 0);
        assertEquals(0.0, maxAbs(d1.get("02bn1_runningMean")), 0.0);
        assertEquals(0.0, maxAbs(d1.get("02bn1_runningVar")), 0.0);
        // The large random moves of the others now outweigh the weights' path.
        assertTrue(TrajectoryPcaTest.norm(weights(d1)) < 0.5);
    }

    @Test
    void fit_twoCheckpoints_rejectedNamingCheckpoints() {
        Random random = new Random(7);
        List<ParameterTensors> path = List.of(randomTensors(random), randomTensors(random));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrajectoryPca.fit(path, false));

        assertEquals("checkpoints: a PCA plane needs at least 3 checkpoints, got 2",
                e.getMessage());
    }

    @Test
    void fit_checkpointOfAnotherModel_rejectedNamingIt() {
        Random random = new Random(9);
        List<ParameterTensor> other = new ArrayList<>(randomTensors(random).tensors());
        other.remove(other.size() - 1);
        List<ParameterTensors> path = List.of(randomTensors(random),
                ParameterTensors.of(other), randomTensors(random));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrajectoryPca.fit(path, false));

        assertTrue(e.getMessage().startsWith("checkpoints[1]"), e.getMessage());
    }

    @Test
    void takesPart_runningStatistics_never() {
        assertFalse(TrajectoryPca.takesPart(ParameterKind.RUNNING_MEAN, true));
        assertFalse(TrajectoryPca.takesPart(ParameterKind.RUNNING_VAR, true));
        assertFalse(TrajectoryPca.takesPart(ParameterKind.GAMMA, false));
        assertTrue(TrajectoryPca.takesPart(ParameterKind.BIAS, true));
        assertTrue(TrajectoryPca.takesPart(ParameterKind.WEIGHT, false));
    }

    /** Weights follow the synthetic path of {@link TrajectoryPcaTest}; others move at random. */
    private static List<ParameterTensors> tensorPath(
            Random random, double[] a, double[] b, double otherScale) {
        List<float[]> weightPath = TrajectoryPcaTest.syntheticPath(random, a, b, 0);
        List<ParameterTensors> path = new ArrayList<>();
        for (float[] weights : weightPath) {
            List<ParameterTensor> tensors = new ArrayList<>();
            int offset = 0;
            for (int t = 0; t < NAMES.length; t++) {
                int size = size(SHAPES[t]);
                float[] values = new float[size];
                if (KINDS[t] == ParameterKind.WEIGHT) {
                    System.arraycopy(weights, offset, values, 0, size);
                    offset += size;
                } else {
                    for (int k = 0; k < size; k++) {
                        values[k] = (float) (otherScale * random.nextGaussian());
                    }
                }
                tensors.add(ParameterTensor.of(NAMES[t], KINDS[t], SHAPES[t], values));
            }
            path.add(ParameterTensors.of(tensors));
        }
        return path;
    }

    private static ParameterTensors randomTensors(Random random) {
        List<ParameterTensor> tensors = new ArrayList<>();
        for (int t = 0; t < NAMES.length; t++) {
            float[] values = new float[size(SHAPES[t])];
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) random.nextGaussian();
            }
            tensors.add(ParameterTensor.of(NAMES[t], KINDS[t], SHAPES[t], values));
        }
        return ParameterTensors.of(tensors);
    }

    private static float[] weights(ParameterTensors tensors) {
        float[] flat = new float[WEIGHT_COUNT];
        int offset = 0;
        for (ParameterTensor tensor : tensors) {
            if (tensor.kind() == ParameterKind.WEIGHT) {
                System.arraycopy(tensor.values(), 0, flat, offset, tensor.size());
                offset += tensor.size();
            }
        }
        return flat;
    }

    private static double cosine(float[] f, double[] d) {
        return TrajectoryPcaTest.cosine(f, d);
    }

    private static double maxAbs(ParameterTensor tensor) {
        double max = 0;
        for (float value : tensor.values()) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static int size(long[] shape) {
        int size = 1;
        for (long dimension : shape) {
            size *= (int) dimension;
        }
        return size;
    }
}
