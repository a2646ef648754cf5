package org.losscape.directions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

class DirectionsTest {

    private static final double RELATIVE_TOLERANCE = 1e-5;

    private static ParameterTensors theta;

    @BeforeAll
    static void snapshotResnet20() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 11)) {
            theta = ParameterTensors.of(model.getBlock());
        }
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
    void random_biasAndBatchNormIncluded_takeThetasNorm() {
        ParameterTensors d = Directions.random(theta, 1, Directions.FILTER, true);

        int checked = 0;
        for (int k = 0; k < theta.size(); k++) {
            ParameterTensor w = theta.get(k);
            if (w.rank() <= 1 && !w.kind().isRunningStatistic()) {
                double expected = norm(w, 0, w.size());
                assertEquals(expected, norm(d.get(k), 0, w.size()),
                        RELATIVE_TOLERANCE * expected, w.name());
                checked++;
            }
        }
        // 21 batch norms × (γ, β) + the linear bias.
        assertEquals(21 * 2 + 1, checked);
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

        assertFalse(java.util.Arrays.equals(a.get(0).values(), b.get(0).values()));
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
        java.util.List<ParameterTensor> zeros = new java.util.ArrayList<>();
        for (ParameterTensor t : zero) {
            zeros.add(t.withValues(new float[t.size()]));
        }

        assertTrue(Double.isNaN(Directions.cosine(d, ParameterTensors.of(zeros))));
    }

    @Test
    void random_movingBatchNormStatistics_givesThemThetasNormPerTensor() {
        ParameterTensors d = Directions.random(theta, 6, Directions.FILTER, false, true);

        int checked = 0;
        for (int k = 0; k < theta.size(); k++) {
            ParameterTensor w = theta.get(k);
            if (w.kind().isRunningStatistic()) {
                // Fresh batch norms: running mean 0 (so its direction is 0), variance 1.
                double expected = norm(w, 0, w.size());
                assertEquals(expected, norm(d.get(k), 0, w.size()),
                        RELATIVE_TOLERANCE * expected + 1e-12, w.name());
                checked += expected > 0 ? 1 : 0;
            }
        }
        // 21 batch norms, each with a non-zero running variance.
        assertEquals(21, checked);
    }

    @Test
    void random_movingBatchNormStatistics_noneNormalization_keepsTheRawDraw() {
        ParameterTensors d = Directions.random(theta, 6, Directions.NONE, false, true);

        double sumSquares = 0;
        long count = 0;
        for (ParameterTensor t : d) {
            if (t.kind().isRunningStatistic()) {
                sumSquares += Math.pow(norm(t, 0, t.size()), 2);
                count += t.size();
            }
        }
        // 2 × 688 standard normal draws: mean square 1 ± 0.2 with near certainty.
        assertEquals(1.0, sumSquares / count, 0.2);
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
        ParameterTensor x = moving.x().get("02bn1_runningVar");
        ParameterTensor y = moving.y().get("02bn1_runningVar");
        assertFalse(java.util.Arrays.equals(x.values(), y.values()));
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
        java.util.List<ParameterTensor> out = new java.util.ArrayList<>();
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

    private static double norm(ParameterTensor t, int from, int length) {
        double sum = 0;
        for (int v = from; v < from + length; v++) {
            sum += (double) t.value(v) * t.value(v);
        }
        return Math.sqrt(sum);
    }
}
