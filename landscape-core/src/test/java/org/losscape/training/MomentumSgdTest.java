package org.losscape.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MomentumSgdTest {

    /** Float32 arithmetic on values of order 1: agreement to 1e-6 absolute. */
    private static final float TOLERANCE = 1e-6f;

    private static final float[] START = {0.5f, -1.0f, 2.0f};
    private static final float[] SLOPE = {0.3f, 0.7f, -1.1f};

    @Test
    void step_momentumWithDecay_followsPyTorchRuleAcrossRateChange() {
        float[] actual = train(0.9, false, 0.01, new double[] {0.1, 0.01, 0.01});

        assertArrayEquals(expected(0.9, false, 0.01, new double[] {0.1, 0.01, 0.01}), actual,
                TOLERANCE);
    }

    @Test
    void step_nesterov_followsPyTorchRule() {
        float[] actual = train(0.9, true, 5e-4, new double[] {0.1, 0.1, 0.05});

        assertArrayEquals(expected(0.9, true, 5e-4, new double[] {0.1, 0.1, 0.05}), actual,
                TOLERANCE);
    }

    @Test
    void step_plainSgd_followsGradient() {
        float[] actual = train(0, false, 0, new double[] {0.5});

        assertArrayEquals(expected(0, false, 0, new double[] {0.5}), actual, TOLERANCE);
    }

    @Test
    void step_nanGradient_nanWeightsAndZeroedGradient() {
        try (NDManager manager = NDManager.newBaseManager();
                MomentumSgd sgd = new MomentumSgd(0.9, true, 1e-4, manager)) {
            NDArray weight = manager.create(START.clone());
            weight.setRequiresGradient(true);
            backward(weight, manager.create(new float[] {Float.NaN, 1f, 1f}));

            try (NDManager scratch = manager.newSubManager()) {
                sgd.step(List.of(Map.entry("w", weight)), 0.1, scratch);
            }

            assertTrue(Float.isNaN(weight.toFloatArray()[0]));
            assertArrayEquals(new float[3], weight.getGradient().toFloatArray(), 0f);
        }
    }

    /** Runs steps on loss = Σ slope·w, whose gradient is slope, and returns w. */
    private static float[] train(double momentum, boolean nesterov, double decay,
            double[] rates) {
        try (NDManager manager = NDManager.newBaseManager();
                MomentumSgd sgd = new MomentumSgd(momentum, nesterov, decay, manager)) {
            NDArray weight = manager.create(START.clone());
            weight.setRequiresGradient(true);
            NDArray slope = manager.create(SLOPE);
            for (double rate : rates) {
                backward(weight, slope);
                try (NDManager scratch = manager.newSubManager()) {
                    sgd.step(List.of(Map.entry("w", weight)), rate, scratch);
                }
            }
            return weight.toFloatArray();
        }
    }

    private static void backward(NDArray weight, NDArray slope) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(weight.mul(slope).sum());
        }
    }

    /** torch.optim.SGD's rule, written out in double precision. */
    private static float[] expected(double momentum, boolean nesterov, double decay,
            double[] rates) {
        double[] w = {START[0], START[1], START[2]};
        double[] buffer = null;
        for (double rate : rates) {
            double[] g = new double[3];
            for (int k = 0; k < 3; k++) {
                g[k] = SLOPE[k] + decay * w[k];
            }
            double[] d = g;
            if (momentum != 0) {
                if (buffer == null) {
                    buffer = g.clone();
                } else {
                    for (int k = 0; k < 3; k++) {
                        buffer[k] = momentum * buffer[k] + g[k];
                    }
                }
                d = new double[3];
                for (int k = 0; k < 3; k++) {
                    d[k] = nesterov ? g[k] + momentum * buffer[k] : buffer[k];
                }
            }
            for (int k = 0; k < 3; k++) {
                w[k] -= rate * d[k];
            }
        }
        return new float[] {(float) w[0], (float) w[1], (float) w[2]};
    }
}
