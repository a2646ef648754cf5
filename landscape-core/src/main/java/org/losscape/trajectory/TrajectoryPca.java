package org.losscape.trajectory;

import java.util.ArrayList;
import java.util.List;
import org.losscape.weights.ParameterKind;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/**
 * The PCA plane of a training trajectory (Li et al. 2018, section 7): the two directions along
 * which the checkpoints θ_0 … θ_n vary most, with every checkpoint projected onto the plane
 * through the final one.
 *
 * <h2>Notes</h2>
 *
 * <p><b>What is decomposed.</b> Following the reference implementation
 * (tomgoldstein/loss-landscape, {@code projection.setup_PCA_directions}), the rows are the
 * differences d_i = θ_i − θ_n for every checkpoint including the last (whose row is zero), over
 * the weights only unless biases and BatchNorm are asked for. The reference hands that matrix to
 * sklearn's {@code PCA(n_components=2)}, which <em>centres the rows</em> (subtracts their mean)
 * before its SVD; this class does the same, so its directions and {@code
 * explained_variance_ratio_} are those of the reference.
 *
 * <p><b>Which parameters.</b> By default only the weights (conv and linear kernels, kind
 * {@link ParameterKind#WEIGHT}) take part, which is what the reference's {@code ignore=biasbn}
 * keeps (it zeroes every tensor of rank ≤ 1). With biases and batch norm included, biases and
 * batch-norm γ, β take part too. Batch-norm running statistics never do: they are buffers, not
 * parameters, in the reference's {@code weights} mode, and their direction entries are zero.
 *
 * <p><b>Gram trick.</b> With m = n + 1 checkpoints and p parameters (p ≈ 270 000 for
 * ResNet-20), the p × p covariance is never formed. The m × m Gram matrix of the centred rows,
 * K = C Cᵀ = J D Dᵀ J with J = I − 11ᵀ/m, shares its non-zero eigenvalues λ_k with Cᵀ C, and an
 * eigenvector u_k of K gives the principal direction v_k = Cᵀ u_k / √λ_k. K is accumulated
 * directly from centred blocks of rows in double precision (rather than centring D Dᵀ
 * afterwards), which costs the same m²p/2 multiply-adds and loses nothing to cancellation.
 * Because K·1 = 0, every u_k with λ_k &gt; 0 is orthogonal to 1, so Cᵀu_k = Dᵀu_k.
 *
 * <p><b>Ratios.</b> The explained-variance ratio of component k is λ_k / trace(K): its share of
 * the total variance of the centred rows, as sklearn reports it. Each lies in [0, 1] and the two
 * sum to at most 1. The explained variance is λ_k / (m − 1) and the singular value √λ_k, also as
 * sklearn reports them.
 *
 * <p><b>Eigen-solver.</b> EJML's dense symmetric eigen-decomposition ({@code ejml-ddense}:
 * Householder reduction to tridiagonal form, then implicit symmetric QR), exact to rounding for
 * a matrix of at most a few hundred rows. It is maintained (Apache Commons Math 3, used before,
 * has had no release since 2016) and small: {@code ejml-core} is its only dependency. Speed
 * does not decide it: the cost is in forming K (m²p/2), not in decomposing it (about m³).
 *
 * <p><b>Sign.</b> A principal direction is defined up to sign. Each eigenvector u_k is flipped
 * so that its largest-magnitude entry is positive, which is what sklearn's {@code svd_flip} did
 * in the versions the reference was written against; the picture may still come out mirrored
 * against a newer sklearn, which decides the sign from the direction instead.
 *
 * <p><b>Projection.</b> As in the reference's {@code project_trajectory}, the plane is placed
 * at θ_n (not at the mean of the path), and checkpoint i has the coordinates of θ_i − θ_n along
 * the two directions; the final checkpoint is therefore exactly (0, 0). The coordinates are the
 * least-squares solution against the float directions as stored (which differ from exact
 * orthonormality by float rounding), and the residual is ‖θ_i − θ_n − x·d1 − y·d2‖.
 *
 * <p><b>Bad input.</b> Fewer than 3 checkpoints, vectors of different lengths, non-finite
 * parameters, identical checkpoints, or a path on one line (no second component) are rejected
 * with an {@link IllegalArgumentException} naming {@code checkpoints}.
 */
public final class TrajectoryPca {

    /** Fewest checkpoints with a second principal component after centring. */
    public static final int MIN_CHECKPOINTS = 3;

    private TrajectoryPca() {}

    /**
     * The PCA plane of checkpoints given as flat vectors over the selected parameters.
     *
     * @param checkpoints θ_0 … θ_n in training order, each of the same length p ≥ 2, all finite;
     *     the last one is the origin of the plane. Not modified.
     * @return directions of length p and the projected path, one point per checkpoint
     * @throws IllegalArgumentException naming {@code checkpoints} for the cases listed above
     */
    public static PathPlane fitVectors(List<float[]> checkpoints) {
        requireVectors(checkpoints);
        return GramPca.fit(checkpoints);
    }

    /**
     * The PCA plane of a run's checkpoints.
     *
     * @param checkpoints θ_0 … θ_n in training order, all with the same names, kinds and shapes
     *     (snapshots of one model); the last one is the plane's origin
     * @param includeBiasAndBatchNorm whether biases and batch-norm γ, β take part (the reference
     *     and the default leave them out)
     * @return directions shaped like the checkpoints and the projected path
     * @throws IllegalArgumentException naming {@code checkpoints} for fewer than 3 checkpoints,
     *     different layouts, non-finite selected parameters, or a path that spans no plane
     */
    public static TrajectoryPlane fit(
            List<ParameterTensors> checkpoints, boolean includeBiasAndBatchNorm) {
        requireCount(checkpoints == null ? 0 : checkpoints.size());
        ParameterTensors last = checkpoints.get(checkpoints.size() - 1);
        for (int i = 0; i < checkpoints.size(); i++) {
            last.requireSameLayout(checkpoints.get(i), "checkpoints[" + i + "]");
        }
        boolean[] selected = new boolean[last.size()];
        int length = 0;
        for (int t = 0; t < last.size(); t++) {
            selected[t] = takesPart(last.get(t).kind(), includeBiasAndBatchNorm);
            length += selected[t] ? last.get(t).size() : 0;
        }

        List<float[]> vectors = new ArrayList<>(checkpoints.size());
        for (ParameterTensors theta : checkpoints) {
            vectors.add(flatten(theta, selected, length));
        }
        requireVectors(vectors);
        PathPlane plane = GramPca.fit(vectors);

        return new TrajectoryPlane(last,
                unflatten(plane.direction1(), last, selected),
                unflatten(plane.direction2(), last, selected),
                includeBiasAndBatchNorm,
                plane.explainedVarianceRatio(),
                plane.explainedVariance(),
                plane.singularValues(),
                plane.path());
    }

    /** Whether a parameter of this kind takes part in the PCA. */
    public static boolean takesPart(ParameterKind kind, boolean includeBiasAndBatchNorm) {
        if (kind == ParameterKind.WEIGHT) {
            return true;
        }
        return includeBiasAndBatchNorm && !kind.isRunningStatistic();
    }

    private static float[] flatten(ParameterTensors theta, boolean[] selected, int length) {
        float[] flat = new float[length];
        int offset = 0;
        for (int t = 0; t < theta.size(); t++) {
            if (selected[t]) {
                float[] values = theta.get(t).values();
                System.arraycopy(values, 0, flat, offset, values.length);
                offset += values.length;
            }
        }
        return flat;
    }

    private static ParameterTensors unflatten(
            float[] flat, ParameterTensors layout, boolean[] selected) {
        List<ParameterTensor> tensors = new ArrayList<>(layout.size());
        int offset = 0;
        for (int t = 0; t < layout.size(); t++) {
            ParameterTensor tensor = layout.get(t);
            float[] values = new float[tensor.size()];
            if (selected[t]) {
                System.arraycopy(flat, offset, values, 0, values.length);
                offset += values.length;
            }
            tensors.add(tensor.withValues(values));
        }
        return ParameterTensors.of(tensors);
    }

    static void requireVectors(List<float[]> checkpoints) {
        requireCount(checkpoints == null ? 0 : checkpoints.size());
        float[] first = checkpoints.get(0);
        if (first == null || first.length < 2) {
            throw new IllegalArgumentException(
                    "checkpoints[0]: needs at least 2 parameters, got "
                            + (first == null ? "null" : first.length));
        }
        for (int i = 0; i < checkpoints.size(); i++) {
            float[] theta = checkpoints.get(i);
            if (theta == null || theta.length != first.length) {
                throw new IllegalArgumentException(
                        "checkpoints[" + i + "].length: must equal checkpoints[0].length ("
                                + first.length + "), got "
                                + (theta == null ? "null" : theta.length));
            }
            for (int k = 0; k < theta.length; k++) {
                if (!Float.isFinite(theta[k])) {
                    throw new IllegalArgumentException(
                            "checkpoints[" + i + "][" + k + "]: parameters must be finite, got "
                                    + theta[k]);
                }
            }
        }
    }

    private static void requireCount(int count) {
        if (count < MIN_CHECKPOINTS) {
            throw new IllegalArgumentException(
                    "checkpoints: a PCA plane needs at least " + MIN_CHECKPOINTS
                            + " checkpoints, got " + count);
        }
    }
}
