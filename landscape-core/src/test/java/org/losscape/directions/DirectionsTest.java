package org.losscape.directions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.weights.ParameterKind;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

class DirectionsTest {

    private static final double RELATIVE_TOLERANCE = 1e-5;

    private static ParameterTensors theta;

    /**
     * θ with every rank ≤ 1 value made distinct: a fresh network's β, biases and running means
     * are 0 and its γ and running variances 1, which a zero or rescaled direction could match.
     */
    private static ParameterTensors trained;

    @BeforeAll
    static void snapshotResnet20() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 11)) {
            theta = ParameterTensors.of(model.getBlock());
        }
        trained = withTrainedLookingVectors(theta, new Random(12));
    }

    @Test
    void filterNormalization_everyFilter_hasTheNormOfThetasFilter() {
        ParameterTensors d = Directions.random(theta, 1, Directions.FILTER, false);

        int filtersChecked = 0;
        for (int k = 0; k < theta.size(); k++) {
            ParameterTensor w = theta.get(k);
            if (w.rank() < 2) {
                continue;
            }
            int filters = (int) w.shape()[0];
            int filterSize = w.size() / filters;
            for (int f = 0; f < filters; f++) {
                double expected = norm(w, f * filterSize, filterSize);
                double actual = norm(d.get(k), f * filterSize, filterSize);
                assertEquals(expected, actual, RELATIVE_TOLERANCE * expected,
                        w.name() + " filter " + f);
                filtersChecked++;
            }
        }
        // 16 (stem) + 6×16 + 6×32 + 32 + 6×64 + 64 conv filters and 10 linear rows.
        assertEquals(16 + 96 + 192 + 32 + 384 + 64 + 10, filtersChecked);
    }

    @Test
    void filterNormalization_direction_isNotThetaItself() {
        ParameterTensors d = Directions.random(theta, 1, Directions.FILTER, false);

        double cosine = Directions.cosine(theta, d);

        assertTrue(Math.abs(cosine) < 0.05, "cos(θ, d) = " + cosine);
    }

    @Test
    void random_rankAtMostOneByDefault_isZero() {
        ParameterTensors d = Directions.random(theta, 1, Directions.FILTER, false);

        for (ParameterTensor t : d) {
            if (t.rank() <= 1) {
                assertEquals(0.0, norm(t, 0, t.size()), 0.0, t.name());
            }
        }
    }

    @Test
    void random_runningStatistics_areZeroEvenWhenBiasAndBatchNormIncluded() {
        for (String normalization : Directions.NORMALIZATIONS) {
            ParameterTensors d = Directions.random(theta, 1, normalization, true);

            for (ParameterTensor t : d) {
                if (t.kind().isRunningStatistic()) {
                    assertEquals(0.0, norm(t, 0, t.size()), 0.0, normalization + " " + t.name());
                }
            }
        }
    }

    @Test
    void random_biasAndBatchNormIncluded_isThetaExactlyForEveryNormalization() {
        for (String normalization : Directions.NORMALIZATIONS) {
            ParameterTensors d = Directions.random(trained, 1, normalization, true);

            int checked = 0;
            for (int k = 0; k < trained.size(); k++) {
                ParameterTensor w = trained.get(k);
                if (w.rank() <= 1 && !w.kind().isRunningStatistic()) {
                    assertArrayEquals(w.values(), d.get(k).values(),
                            normalization + " " + w.name());
                    checked++;
                }
            }
            // 21 batch norms × (γ, β) + the linear bias.
            assertEquals(21 * 2 + 1, checked, normalization);
        }
    }

    @Test
    void random_biasAndBatchNormIncluded_moveToOnePlusAlphaTimesTheta() {
        ParameterTensors d = Directions.random(trained, 2, Directions.FILTER, true);
        ParameterTensor gamma = trained.get("02bn1_gamma");
        ParameterTensor beta = trained.get("02bn1_beta");
        float alpha = 0.75f;

        float[] movedGamma = plus(gamma.values(), alpha, d.get("02bn1_gamma").values());
        float[] movedBeta = plus(beta.values(), alpha, d.get("02bn1_beta").values());

        for (int v = 0; v < gamma.size(); v++) {
            assertEquals(1.75f * gamma.value(v), movedGamma[v], 1e-6f * Math.abs(movedGamma[v]));
            assertEquals(1.75f * beta.value(v), movedBeta[v], 1e-6f * Math.abs(movedBeta[v]));
        }
    }

    @Test
    void random_includingBiasAndBatchNorm_leavesWeightDirectionsUnchanged() {
        ParameterTensors without = Directions.random(theta, 4, Directions.FILTER, false);
        ParameterTensors with = Directions.random(theta, 4, Directions.FILTER, true);

        for (int k = 0; k < theta.size(); k++) {
            if (theta.get(k).rank() >= 2) {
                assertArrayEquals(without.get(k).values(), with.get(k).values());
            }
        }
    }

    @Test
    void layerNormalization_everyTensor_hasThetasNorm() {
        ParameterTensors d = Directions.random(theta, 2, Directions.LAYER, false);

        for (int k = 0; k < theta.size(); k++) {
            ParameterTensor w = theta.get(k);
            if (w.rank() >= 2) {
                double expected = norm(w, 0, w.size());
                assertEquals(expected, norm(d.get(k), 0, w.size()),
                        RELATIVE_TOLERANCE * expected, w.name());
            }
        }
    }

    @Test
    void noNormalization_keepsStandardGaussianValues() {
        ParameterTensors d = Directions.random(theta, 3, Directions.NONE, false);
        ParameterTensor conv = d.get("06layer3_03block2_01residual_04conv2_weight");

        double meanSquare = Math.pow(norm(conv, 0, conv.size()), 2) / conv.size();

        // 36,864 standard normal draws: mean square 1 ± 0.03 with near certainty.
        assertEquals(1.0, meanSquare, 0.03);
    }

    @Test
    void random_sameSeed_givesIdenticalDirections() {
        ParameterTensors a = Directions.random(theta, 42, Directions.FILTER, true);
        ParameterTensors b = Directions.random(theta, 42, Directions.FILTER, true);

        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k).values(), b.get(k).values(), a.get(k).name());
        }
    }

    @Test
    void random_otherSeed_givesOtherDirections() {
        ParameterTensors a = Directions.random(theta, 42, Directions.FILTER, false);
        ParameterTensors b = Directions.random(theta, 43, Directions.FILTER, false);

        assertFalse(Arrays.equals(a.get(0).values(), b.get(0).values()));
        assertTrue(Math.abs(Directions.cosine(a, b)) < 0.05);
    }

    @Test
    void pair_firstDirection_equalsRandomWithTheSameSeed() {
        DirectionPair pair = Directions.pair(theta, 9, Directions.FILTER, false);
        ParameterTensors single = Directions.random(theta, 9, Directions.FILTER, false);

        for (int k = 0; k < single.size(); k++) {
            assertArrayEquals(single.get(k).values(), pair.x().get(k).values());
        }
    }

    @Test
    void pair_directions_areNearlyOrthogonal() {
        DirectionPair pair = Directions.pair(theta, 9, Directions.FILTER, false);

        // 270 k independent Gaussian coordinates: |cos| is about 0.002, far below 0.02.
        assertTrue(Math.abs(pair.cosine()) < 0.02, "cosine " + pair.cosine());
    }

    @Test
    void cosine_ofDirectionWithItself_isOne() {
        ParameterTensors d = Directions.random(theta, 5, Directions.FILTER, false);

        assertEquals(1.0, Directions.cosine(d, d), 1e-12);
    }

    @Test
    void cosine_withZeroVector_isNaN() {
        ParameterTensors d = Directions.random(theta, 5, Directions.FILTER, false);
        ParameterTensors zero = Directions.random(theta, 5, Directions.NONE, false);
        List<ParameterTensor> zeros = new ArrayList<>();
        for (ParameterTensor t : zero) {
            zeros.add(t.withValues(new float[t.size()]));
        }

        assertTrue(Double.isNaN(Directions.cosine(d, ParameterTensors.of(zeros))));
    }

    @Test
    void random_movingBatchNormStatistics_isThetaExactlyForEveryNormalization() {
        for (String normalization : Directions.NORMALIZATIONS) {
            ParameterTensors d = Directions.random(trained, 6, normalization, false, true);

            int checked = 0;
            for (int k = 0; k < trained.size(); k++) {
                ParameterTensor w = trained.get(k);
                if (w.kind().isRunningStatistic()) {
                    assertArrayEquals(w.values(), d.get(k).values(),
                            normalization + " " + w.name());
                    checked++;
                }
            }
            // 21 batch norms × (running mean, running variance).
            assertEquals(21 * 2, checked, normalization);
        }
    }

    @Test
    void random_movingBatchNormStatistics_varianceStaysNonNegativeForAlphaAboveMinusOne() {
        ParameterTensors d = Directions.random(trained, 6, Directions.FILTER, false, true);
        float[] alphas = {-0.9999f, -0.99f, -0.5f, -0.1f, 0.5f, 1, 1.5f, 2, 10, 1000};

        int checked = 0;
        for (int k = 0; k < trained.size(); k++) {
            ParameterTensor w = trained.get(k);
            if (w.kind() != ParameterKind.RUNNING_VAR) {
                continue;
            }
            for (float alpha : alphas) {
                float[] moved = plus(w.values(), alpha, d.get(k).values());
                for (int v = 0; v < moved.length; v++) {
                    assertTrue(moved[v] >= 0, w.name() + "[" + v + "] at α = " + alpha
                            + ": " + moved[v]);
                }
            }
            // Below −1 the variance is (1 + α)·σ² < 0: the limit is α = −1, not |α| ≈ 1.
            assertTrue(plus(w.values(), -1.01f, d.get(k).values())[0] < 0, w.name());
            checked++;
        }
        assertEquals(21, checked);
    }

    @Test
    void random_movingBatchNormStatistics_leavesEveryOtherDirectionUnchanged() {
        DirectionPair still = Directions.pair(theta, 8, Directions.FILTER, true, false);
        DirectionPair moving = Directions.pair(theta, 8, Directions.FILTER, true, true);

        for (int k = 0; k < theta.size(); k++) {
            if (!theta.get(k).kind().isRunningStatistic()) {
                assertArrayEquals(still.x().get(k).values(), moving.x().get(k).values());
                assertArrayEquals(still.y().get(k).values(), moving.y().get(k).values());
            }
        }
    }

    @Test
    void pair_includedAndMovedVectors_areThetaInBothDirections() {
        DirectionPair pair = Directions.pair(trained, 8, Directions.FILTER, true, true);

        for (String name : List.of("02bn1_gamma", "02bn1_beta", "02bn1_runningMean",
                "02bn1_runningVar", "08linear_bias")) {
            float[] expected = trained.get(name).values();
            assertArrayEquals(expected, pair.x().get(name).values(), name + " in x");
            assertArrayEquals(expected, pair.y().get(name).values(), name + " in y");
        }
        String conv = "01conv1_weight";
        assertFalse(Arrays.equals(pair.x().get(conv).values(), pair.y().get(conv).values()));
    }

    @Test
    void between_isTheDifferenceOfEveryValue_runningStatisticsIncluded() {
        ParameterTensors other = shifted(theta, 0.25f);

        ParameterTensors d = Directions.between(theta, other);

        for (int k = 0; k < theta.size(); k++) {
            float[] a = theta.get(k).values();
            float[] b = other.get(k).values();
            float[] actual = d.get(k).values();
            for (int v = 0; v < a.length; v++) {
                assertEquals(b[v] - a[v], actual[v], 0f, theta.get(k).name() + "[" + v + "]");
            }
        }
        assertEquals(0.25f, d.get("02bn1_runningMean").value(0), 0f);
    }

    @Test
    void between_otherModel_isRejected() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet8"), 3, 32, 32, 1)) {
            ParameterTensors other = ParameterTensors.of(model.getBlock());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Directions.between(theta, other));

            assertTrue(e.getMessage().startsWith("to "), e.getMessage());
        }
    }

    private static ParameterTensors shifted(ParameterTensors tensors, float shift) {
        List<ParameterTensor> out = new ArrayList<>();
        for (ParameterTensor t : tensors) {
            float[] values = t.values();
            for (int v = 0; v < values.length; v++) {
                values[v] += shift;
            }
            out.add(t.withValues(values));
        }
        return ParameterTensors.of(out);
    }

    @Test
    void random_unknownNormalization_isRejectedWithField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Directions.random(theta, 1, "Filter", false));

        assertEquals("directions.normalization (Filter) must be one of filter, layer, none",
                e.getMessage());
    }

    /** θ + α·d in float32, as the plane writer computes it. */
    private static float[] plus(float[] theta, float alpha, float[] d) {
        float[] moved = new float[theta.length];
        for (int v = 0; v < moved.length; v++) {
            moved[v] = theta[v] + alpha * d[v];
        }
        return moved;
    }

    /**
     * {@code tensors} with rank ≤ 1 values that look trained: γ in [0.5, 1.5], β, biases and
     * running means in [−0.5, 0.5], running variances in [0.01, 4] (some far below 1, some far
     * above). Weights are kept.
     */
    private static ParameterTensors withTrainedLookingVectors(ParameterTensors tensors,
            Random random) {
        List<ParameterTensor> out = new ArrayList<>();
        for (ParameterTensor t : tensors) {
            if (t.rank() > 1) {
                out.add(t);
                continue;
            }
            float[] values = new float[t.size()];
            for (int v = 0; v < values.length; v++) {
                double u = random.nextDouble();
                values[v] = (float) (t.kind() == ParameterKind.GAMMA ? 0.5 + u
                        : t.kind() == ParameterKind.RUNNING_VAR ? 0.01 * Math.pow(400, u)
                        : u - 0.5);
            }
            out.add(t.withValues(values));
        }
        return ParameterTensors.of(out);
    }

    private static double norm(ParameterTensor t, int from, int length) {
        double sum = 0;
        for (int v = from; v < from + length; v++) {
            sum += (double) t.value(v) * t.value(v);
        }
        return Math.sqrt(sum);
    }
}
