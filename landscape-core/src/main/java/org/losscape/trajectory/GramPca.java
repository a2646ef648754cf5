package org.losscape.trajectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The two leading principal directions of m flat checkpoints θ_0 … θ_{m−1}, found from the
 * m × m Gram matrix of their centred differences to the last one. See {@link TrajectoryPca}
 * for the method and its conventions.
 */
final class GramPca {

    /** Coordinates per pass block: keeps a block of all m rows in the CPU caches. */
    private static final int BLOCK = 2048;

    /** Below this share of the total variance a second component is numerical noise. */
    private static final double MIN_SECOND_RATIO = 1e-12;

    private final List<float[]> thetas;
    private final int m;
    private final int p;
    private final float[] last;

    private GramPca(List<float[]> thetas) {
        this.thetas = thetas;
        this.m = thetas.size();
        this.p = thetas.get(0).length;
        this.last = thetas.get(m - 1);
    }

    /** Fits the plane; {@code thetas} must already be validated (equal lengths, finite). */
    static PathPlane fit(List<float[]> thetas) {
        return new GramPca(thetas).fit();
    }

    private PathPlane fit() {
        double[] mean = meanDifference();
        double[][] gram = centredGram(mean);

        double trace = 0;
        for (int i = 0; i < m; i++) {
            trace += gram[i][i];
        }
        if (!(trace > 0)) {
            throw new IllegalArgumentException(
                    "checkpoints: all " + m + " checkpoints are identical; a path is needed");
        }

        EigenDecomposition_F64<DMatrixRMaj> eigen = decompose(gram);
        double[] eigenvalues = new double[m];
        for (int k = 0; k < m; k++) {
            eigenvalues[k] = eigen.getEigenvalue(k).getReal();
        }
        int[] top = topTwo(eigenvalues);
        double lambda1 = eigenvalues[top[0]];
        double lambda2 = eigenvalues[top[1]];
        if (!(lambda2 > MIN_SECOND_RATIO * trace)) {
            throw new IllegalArgumentException(
                    "checkpoints: the path spans fewer than 2 dimensions (second component "
                            + "explains " + lambda2 / trace + " of the variance); a plane "
                            + "needs checkpoints that do not lie on one line");
        }

        double[] u1 = signed(eigen.getEigenVector(top[0]));
        double[] u2 = signed(eigen.getEigenVector(top[1]));
        float[] d1 = direction(u1);
        float[] d2 = direction(u2);

        double[] ratio = {lambda1 / trace, lambda2 / trace};
        double[] variance = {lambda1 / (m - 1), lambda2 / (m - 1)};
        double[] singular = {Math.sqrt(lambda1), Math.sqrt(lambda2)};
        return new PathPlane(d1, d2, ratio, variance, singular, project(d1, d2));
    }

    /** μ = mean over i of (θ_i − θ_n), length p, in double. */
    private double[] meanDifference() {
        double[] mean = new double[p];
        for (float[] theta : thetas) {
            for (int k = 0; k < p; k++) {
                mean[k] += (double) theta[k] - last[k];
            }
        }
        for (int k = 0; k < p; k++) {
            mean[k] /= m;
        }
        return mean;
    }

    /** C Cᵀ with C the m × p centred difference matrix; symmetric by construction. */
    private double[][] centredGram(double[] mean) {
        double[][] gram = new double[m][m];
        double[][] block = new double[m][BLOCK];
        for (int start = 0; start < p; start += BLOCK) {
            int len = Math.min(BLOCK, p - start);
            fillCentred(block, start, len, mean);
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    gram[i][j] += dot(block[i], block[j], len);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                gram[i][j] = gram[j][i];
            }
        }
        return gram;
    }

    private void fillCentred(double[][] block, int start, int len, double[] mean) {
        for (int i = 0; i < m; i++) {
            float[] theta = thetas.get(i);
            double[] row = block[i];
            for (int b = 0; b < len; b++) {
                int k = start + b;
                row[b] = (double) theta[k] - last[k] - mean[k];
            }
        }
    }

    private static double dot(double[] a, double[] b, int len) {
        double sum = 0;
        for (int k = 0; k < len; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    /**
     * Eigenvalues and eigenvectors of the symmetric {@code gram} [m][m] (not modified), by
     * EJML's symmetric QR algorithm on its tridiagonal form. The eigenvalues are real and in no
     * particular order.
     */
    private static EigenDecomposition_F64<DMatrixRMaj> decompose(double[][] gram) {
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(
                gram.length, /* needVectors= */ true, /* isSymmetric= */ true);
        // The constructor copies gram, so the decomposition may overwrite its input.
        if (!eigen.decompose(new DMatrixRMaj(gram))) {
            throw new ArithmeticException("eigen-decomposition of the " + gram.length + " × "
                    + gram.length + " Gram matrix of the checkpoints did not converge");
        }
        return eigen;
    }

    /** Indices of the largest and second-largest eigenvalue. */
    private static int[] topTwo(double[] values) {
        int first = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[first]) {
                first = k;
            }
        }
        int second = first == 0 ? 1 : 0;
        for (int k = 0; k < values.length; k++) {
            if (k != first && values[k] > values[second]) {
                second = k;
            }
        }
        return new int[] {first, second};
    }

    /** The eigenvector with its largest-magnitude entry made positive (sklearn's svd_flip). */
    private static double[] signed(DMatrixRMaj vector) {
        double[] u = Arrays.copyOf(vector.getData(), vector.getNumElements());
        int largest = 0;
        for (int i = 1; i < u.length; i++) {
            if (Math.abs(u[i]) > Math.abs(u[largest])) {
                largest = i;
            }
        }
        if (u[largest] < 0) {
            for (int i = 0; i < u.length; i++) {
                u[i] = -u[i];
            }
        }
        return u;
    }

    /**
     * Cᵀu normalized to unit length. Since u ⟂ 1 (C Cᵀ maps 1 to 0), Cᵀu = Dᵀu and the mean
     * need not be subtracted again.
     */
    private float[] direction(double[] u) {
        double[] v = new double[p];
        for (int i = 0; i < m; i++) {
            float[] theta = thetas.get(i);
            double weight = u[i];
            for (int k = 0; k < p; k++) {
                v[k] += weight * ((double) theta[k] - last[k]);
            }
        }
        double norm = Math.sqrt(dot(v, v, p));
        float[] direction = new float[p];
        for (int k = 0; k < p; k++) {
            direction[k] = (float) (v[k] / norm);
        }
        return direction;
    }

    /**
     * Least-squares coordinates of each θ_i − θ_n in the plane of the float directions as they
     * will be used, and the distance that remains. Solving the 2 × 2 normal equations instead
     * of taking plain dot products absorbs the float rounding of the directions' orthogonality.
     */
    private List<PathPoint> project(float[] d1, float[] d2) {
        double g11 = 0;
        double g12 = 0;
        double g22 = 0;
        for (int k = 0; k < p; k++) {
            g11 += (double) d1[k] * d1[k];
            g12 += (double) d1[k] * d2[k];
            g22 += (double) d2[k] * d2[k];
        }
        double det = g11 * g22 - g12 * g12;

        List<PathPoint> path = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            float[] theta = thetas.get(i);
            double b1 = 0;
            double b2 = 0;
            for (int k = 0; k < p; k++) {
                double d = (double) theta[k] - last[k];
                b1 += d * d1[k];
                b2 += d * d2[k];
            }
            double x = (g22 * b1 - g12 * b2) / det;
            double y = (g11 * b2 - g12 * b1) / det;

            double residual = 0;
            for (int k = 0; k < p; k++) {
                double r = (double) theta[k] - last[k] - x * d1[k] - y * d2[k];
                residual += r * r;
            }
            path.add(new PathPoint(i, x, y, Math.sqrt(residual)));
        }
        return path;
    }
}
