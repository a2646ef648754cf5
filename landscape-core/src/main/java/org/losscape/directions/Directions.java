package org.losscape.directions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/**
 * Random directions in weight space for loss-surface plots, with the same names and shapes as
 * the weights θ they belong to.
 *
 * <p>Notes. A plot of f(θ + α·d) depends on the scale of d relative to θ, and the scale of a
 * ReLU network's filters is arbitrary: multiplying a layer's weights by 10 and the next by
 * 1/10 leaves the function unchanged but makes a fixed-size step look 10 times smaller. Li et
 * al., "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018, arXiv:1712.09913),
 * remove this by <em>filter normalization</em>: draw d from N(0, 1) per value, then rescale
 * each filter of d to the norm of the same filter of θ,
 * <pre>
 *   d_f ← d_f · ‖θ_f‖ / (‖d_f‖ + 1e-10)
 * </pre>
 * where a filter is one output channel of a conv weight (filters×in×kh×kw) and one output row
 * of a linear weight (out×in). Then α = 1 moves every filter by a step as long as the filter
 * itself, and surfaces of different networks become comparable; the paper shows that sharpness
 * measured this way tracks generalization. {@code layer} rescales each whole tensor instead,
 * {@code none} keeps the raw Gaussian draw.
 *
 * <p>Parameters of rank ≤ 1 (biases, batch-norm γ and β) get a zero direction by default, as
 * in the paper's plots (the reference code's {@code --xignore biasbn}). With
 * {@code includeBiasAndBatchNorm} their direction is θ itself, d = θ, whatever the
 * normalization, as the reference's {@code normalize_directions_for_weights} does with
 * {@code d.copy_(w)} for every tensor of dim ≤ 1: such a parameter moves to (1 + α)·θ, a
 * rescaling rather than a random turn. Batch-norm running mean and variance are statistics of
 * the data, not weights, and get a zero direction by default, so they stay at θ's values. With
 * {@code moveBatchNormStatistics} their direction is θ too (the reference's
 * {@code normalize_directions_for_states}), so a running variance (1 + α)·σ² stays positive for
 * α &gt; −1. Both directions of a pair then share these entries: on a plane such a value is
 * (1 + α + β)·θ, and a variance is negative where α + β &lt; −1, which gives NaN losses there
 * (data, not an error).
 *
 * <p>The interpolation between two solutions uses {@link #between}: the plain difference of
 * every parameter, running statistics included, so that they are interpolated with the weights.
 *
 * <p>Reproducibility: values are drawn on the host from {@link Random} (whose Gaussian
 * sequence is specified by the JDK) in parameter order, one draw per value of every parameter
 * except the running statistics, whether it is kept, zeroed or replaced by θ. The same θ layout
 * and seed give the same direction on every machine and engine, and the weight directions
 * depend neither on {@code includeBiasAndBatchNorm} nor on {@code moveBatchNormStatistics}.
 */
public final class Directions {

    public static final String FILTER = "filter";
    public static final String LAYER = "layer";
    public static final String NONE = "none";

    /** The accepted normalizations, the default first. */
    public static final List<String> NORMALIZATIONS = List.of(FILTER, LAYER, NONE);

    private static final double EPSILON = 1e-10;

    private Directions() {}

    /** One Gaussian direction for {@code theta}, normalized as described in the class notes. */
    public static ParameterTensors random(ParameterTensors theta, long seed,
            String normalization, boolean includeBiasAndBatchNorm) {
        return random(theta, seed, normalization, includeBiasAndBatchNorm, false);
    }

    /**
     * One Gaussian direction for {@code theta}; with {@code moveBatchNormStatistics} the
     * running statistics get a direction too (see the class notes).
     */
    public static ParameterTensors random(ParameterTensors theta, long seed,
            String normalization, boolean includeBiasAndBatchNorm,
            boolean moveBatchNormStatistics) {
        checkNormalization(normalization);
        return draw(theta, new Random(seed), normalization, includeBiasAndBatchNorm,
                moveBatchNormStatistics);
    }

    /**
     * Two directions: the first equals {@link #random} with the same arguments, the second
     * comes from the same generator continued.
     */
    public static DirectionPair pair(ParameterTensors theta, long seed, String normalization,
            boolean includeBiasAndBatchNorm) {
        return pair(theta, seed, normalization, includeBiasAndBatchNorm, false);
    }

    /**
     * Two directions: the first equals {@link #random} with the same arguments, the second
     * comes from the same generator continued. Included rank ≤ 1 parameters and moved running
     * statistics are θ in both.
     */
    public static DirectionPair pair(ParameterTensors theta, long seed, String normalization,
            boolean includeBiasAndBatchNorm, boolean moveBatchNormStatistics) {
        checkNormalization(normalization);
        Random random = new Random(seed);
        ParameterTensors x = draw(theta, random, normalization, includeBiasAndBatchNorm,
                moveBatchNormStatistics);
        ParameterTensors y = draw(theta, random, normalization, includeBiasAndBatchNorm,
                moveBatchNormStatistics);
        return new DirectionPair(x, y);
    }

    /**
     * The direction from {@code from} to {@code to}: {@code to − from} for every value of every
     * parameter, running statistics included, computed in float32 as the engine would. NaN and
     * ∞ propagate. Because of that rounding, {@code from + 1·d} can differ from {@code to} in
     * the last bit of a value; the writer of
     * {@link org.losscape.weights.PlaneWriter#interpolation} writes {@code to} itself at α = 1.
     *
     * @throws IllegalArgumentException if the two are not laid out alike (other models)
     */
    public static ParameterTensors between(ParameterTensors from, ParameterTensors to) {
        from.requireSameLayout(to, "to");
        List<ParameterTensor> directions = new ArrayList<>(from.size());
        for (int k = 0; k < from.size(); k++) {
            float[] a = from.get(k).values();
            float[] b = to.get(k).values();
            float[] d = new float[a.length];
            for (int v = 0; v < d.length; v++) {
                d[v] = b[v] - a[v];
            }
            directions.add(from.get(k).withValues(d));
        }
        return ParameterTensors.of(directions);
    }

    /**
     * Cosine of the angle between two vectors of the same layout, over all values. NaN if
     * either is zero or holds NaN.
     */
    public static double cosine(ParameterTensors a, ParameterTensors b) {
        a.requireSameLayout(b, "second direction");
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int k = 0; k < a.size(); k++) {
            ParameterTensor ta = a.get(k);
            ParameterTensor tb = b.get(k);
            for (int v = 0; v < ta.size(); v++) {
                double x = ta.value(v);
                double y = tb.value(v);
                dot += x * y;
                normA += x * x;
                normB += y * y;
            }
        }
        if (normA == 0 || normB == 0) {
            return Double.NaN;
        }
        return dot / Math.sqrt(normA * normB);
    }

    /**
     * Throws IllegalArgumentException naming the field unless {@code normalization} is one of
     * {@link #NORMALIZATIONS}; returns it.
     */
    public static String checkNormalization(String normalization) {
        if (!NORMALIZATIONS.contains(normalization)) {
            throw new IllegalArgumentException("directions.normalization (" + normalization
                    + ") must be one of " + String.join(", ", NORMALIZATIONS));
        }
        return normalization;
    }

    private static ParameterTensors draw(ParameterTensors theta, Random random,
            String normalization, boolean includeBiasAndBatchNorm,
            boolean moveBatchNormStatistics) {
        List<ParameterTensor> directions = new ArrayList<>(theta.size());
        for (ParameterTensor weights : theta) {
            float[] w = weights.values();
            if (weights.kind().isRunningStatistic()) {
                float[] d = moveBatchNormStatistics ? w : new float[w.length];
                directions.add(weights.withValues(d));
                continue;
            }

            float[] d = new float[weights.size()];
            // Drawn even when zeroed or replaced by θ, so that the weights' draws stay in place.
            fillGaussian(d, random);
            if (weights.rank() <= 1) {
                if (includeBiasAndBatchNorm) {
                    System.arraycopy(w, 0, d, 0, d.length);
                } else {
                    Arrays.fill(d, 0f);
                }
            } else if (normalization.equals(FILTER)) {
                int filters = (int) weights.shape()[0];
                int filterSize = d.length / filters;
                for (int f = 0; f < filters; f++) {
                    rescale(d, w, f * filterSize, filterSize);
                }
            } else if (normalization.equals(LAYER)) {
                rescale(d, w, 0, d.length);
            }
            directions.add(weights.withValues(d));
        }
        return ParameterTensors.of(directions);
    }

    private static void fillGaussian(float[] d, Random random) {
        for (int v = 0; v < d.length; v++) {
            d[v] = (float) random.nextGaussian();
        }
    }

    /** d[from, from+length) ← d · ‖w‖ / (‖d‖ + ε) over that range. */
    private static void rescale(float[] d, float[] w, int from, int length) {
        double normD = 0;
        double normW = 0;
        for (int v = from; v < from + length; v++) {
            normD += (double) d[v] * d[v];
            normW += (double) w[v] * w[v];
        }
        double factor = Math.sqrt(normW) / (Math.sqrt(normD) + EPSILON);
        for (int v = from; v < from + length; v++) {
            d[v] = (float) (d[v] * factor);
        }
    }
}
