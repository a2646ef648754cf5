package org.losscape.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.losscape.messages.GridSpec;

class TrajectoryPcaTest {

    private static final int P = 600;

    /** s_k = 2k and t_k = (k² − 20/3)/2 for k = −4 … 4: uncorrelated, variances 26.7 and 8.6. */
    private static double s(int i) {
        return 2.0 * (i - 4);
    }

    private static double t(int i) {
        int k = i - 4;
        return 0.5 * (k * k - 20.0 / 3.0);
    }

    @Test
    void fitVectors_pathAlongTwoKnownDirections_recoversThemUpToSign() {
        Random random = new Random(7);
        double[] a = unit(gaussian(random, P));
        double[] b = orthogonalUnit(gaussian(random, P), a);
        List<float[]> path = syntheticPath(random, a, b, /* noise= */ 1e-5);

        PathPlane plane = TrajectoryPca.fitVectors(path);

        assertTrue(Math.abs(cosine(plane.direction1(), a)) > 0.999,
                "cos(d1, a) = " + cosine(plane.direction1(), a));
        assertTrue(Math.abs(cosine(plane.direction2(), b)) > 0.999,
                "cos(d2, b) = " + cosine(plane.direction2(), b));
        assertEquals(0.0, cosine(plane.direction1(), toDouble(plane.direction2())), 1e-6);
        assertEquals(1.0, norm(plane.direction1()), 1e-6);
        assertEquals(1.0, norm(plane.direction2()), 1e-6);
    }

    @Test
    void fitVectors_syntheticPath_ratiosMatchTheVariancesAndSumToAtMostOne() {
        Random random = new Random(11);
        double[] a = unit(gaussian(random, P));
        double[] b = orthogonalUnit(gaussian(random, P), a);
        List<float[]> path = syntheticPath(random, a, b, /* noise= */ 1e-5);

        double[] ratio = TrajectoryPca.fitVectors(path).explainedVarianceRatio();

        double varS = 0;
        double varT = 0;
        for (int i = 0; i < 9; i++) {
            varS += s(i) * s(i);
            varT += t(i) * t(i);
        }
        // Noise of 1e-5 per coordinate correlates with s and t by chance: about
        // 2·√240·1e-5 ≈ 3e-4 on a total variance of 317, so 1e-5 on a ratio is ample.
        assertEquals(varS / (varS + varT), ratio[0], 1e-5);
        assertEquals(varT / (varS + varT), ratio[1], 1e-5);
        assertTrue(ratio[0] >= 0 && ratio[0] <= 1 && ratio[1] >= 0 && ratio[1] <= 1);
        assertTrue(ratio[0] + ratio[1] <= 1.0, "sum " + (ratio[0] + ratio[1]));
        assertTrue(ratio[0] > ratio[1]);
    }

    @Test
    void fitVectors_syntheticPath_finalCheckpointAtOriginAndOthersAtTheirOffsets() {
        Random random = new Random(13);
        double[] a = unit(gaussian(random, P));
        double[] b = orthogonalUnit(gaussian(random, P), a);
        List<float[]> path = syntheticPath(random, a, b, /* noise= */ 0);

        PathPlane plane = TrajectoryPca.fitVectors(path);

        PathPoint last = plane.path().get(8);
        assertEquals(8, last.checkpoint());
        assertEquals(0.0, last.x(), 0.0);
        assertEquals(0.0, last.y(), 0.0);
        assertEquals(0.0, last.residual(), 0.0);
        double signX = Math.signum(cosine(plane.direction1(), a));
        double signY = Math.signum(cosine(plane.direction2(), b));
        for (PathPoint point : plane.path()) {
            int i = point.checkpoint();
            // Float checkpoints of magnitude ~10 carry rounding of about 1e-6 per coordinate.
            assertEquals(signX * (s(i) - s(8)), point.x(), 1e-4, "x of " + i);
            assertEquals(signY * (t(i) - t(8)), point.y(), 1e-4, "y of " + i);
            assertTrue(point.residual() < 1e-4, "residual of " + i + ": " + point.residual());
        }
    }

    @Test
    void fitVectors_pointOffThePlane_residualIsItsDistance() {
        Random random = new Random(17);
        double[] a = unit(gaussian(random, P));
        double[] b = orthogonalUnit(gaussian(random, P), a);
        double[] c = orthogonalUnit(orthogonalUnit(gaussian(random, P), a), b);
        List<float[]> path = new ArrayList<>(syntheticPath(random, a, b, /* noise= */ 0));
        float[] moved = path.get(3).clone();
        for (int k = 0; k < P; k++) {
            moved[k] += (float) (0.01 * c[k]);
        }
        path.set(3, moved);

        PathPlane plane = TrajectoryPca.fitVectors(path);

        double[] e1 = unit(toDouble(plane.direction1()));
        double[] e2 = orthogonalUnit(toDouble(plane.direction2()), e1);
        double[] d = new double[P];
        for (int k = 0; k < P; k++) {
            d[k] = (double) moved[k] - path.get(8)[k];
        }
        double along1 = dot(d, e1);
        double along2 = dot(d, e2);
        double distance = 0;
        for (int k = 0; k < P; k++) {
            double r = d[k] - along1 * e1[k] - along2 * e2[k];
            distance += r * r;
        }
        distance = Math.sqrt(distance);
        // The plane is fitted around the path's mean but placed at θ_n, so the moved point
        // keeps only part of its 0.01 offset as distance.
        assertTrue(distance > 1e-3 && distance <= 0.01 + 1e-6, "distance " + distance);
        assertEquals(distance, plane.path().get(3).residual(), 1e-6);
        assertTrue(plane.path().get(2).residual() < distance);
    }

    @Test
    void fitVectors_smallProblem_matchesDirectSvdOfCentredMatrix() {
        Random random = new Random(19);
        int m = 5;
        int p = 7;
        List<float[]> path = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            float[] theta = new float[p];
            for (int k = 0; k < p; k++) {
                theta[k] = (float) (random.nextGaussian() * (k + 1));
            }
            path.add(theta);
        }
        double[][] centred = new double[m][p];
        for (int k = 0; k < p; k++) {
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += (double) path.get(i)[k] - path.get(m - 1)[k];
            }
            mean /= m;
            for (int i = 0; i < m; i++) {
                centred[i][k] = (double) path.get(i)[k] - path.get(m - 1)[k] - mean;
            }
        }
        // A direct SVD of the m × p matrix: another algorithm (bidiagonalization) than the
        // eigen-decomposition of the m × m Gram matrix under test.
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(
                m, p, /* needU= */ false, /* needV= */ true, /* compact= */ true);
        assertTrue(svd.decompose(new DMatrixRMaj(centred)));
        double[] sv = svd.getSingularValues().clone();
        DMatrixRMaj v = svd.getV(null, /* transposed= */ false);
        SingularOps_DDRM.descendingOrder(null, false, sv, sv.length, v, false);
        double total = 0;
        for (double value : sv) {
            total += value * value;
        }

        PathPlane plane = TrajectoryPca.fitVectors(path);

        assertEquals(sv[0], plane.singularValues()[0], 1e-9 * sv[0]);
        assertEquals(sv[1], plane.singularValues()[1], 1e-9 * sv[0]);
        assertEquals(sv[0] * sv[0] / total, plane.explainedVarianceRatio()[0], 1e-9);
        assertEquals(sv[1] * sv[1] / total, plane.explainedVarianceRatio()[1], 1e-9);
        assertEquals(sv[0] * sv[0] / (m - 1), plane.explainedVariance()[0], 1e-9 * total);
        double[] v1 = column(v, 0);
        double[] v2 = column(v, 1);
        assertEquals(1.0, Math.abs(cosine(plane.direction1(), v1)), 1e-6);
        assertEquals(1.0, Math.abs(cosine(plane.direction2(), v2)), 1e-6);
    }

    @Test
    void fitVectors_twoCheckpoints_rejectedNamingCheckpoints() {
        List<float[]> path = List.of(new float[] {1, 2, 3}, new float[] {0, 0, 0});

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrajectoryPca.fitVectors(path));

        assertTrue(e.getMessage().startsWith("checkpoints:"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
    }

    @Test
    void fitVectors_vectorsOfDifferentLengths_rejectedNamingTheCheckpoint() {
        List<float[]> path =
                List.of(new float[] {1, 2, 3}, new float[] {0, 1}, new float[] {0, 0, 0});

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrajectoryPca.fitVectors(path));

        assertTrue(e.getMessage().startsWith("checkpoints[1].length"), e.getMessage());
    }

    @Test
    void fitVectors_nonFiniteParameter_rejectedNamingItsPlace() {
        List<float[]> path = List.of(
                new float[] {1, 2, 3}, new float[] {0, Float.NaN, 1}, new float[] {0, 0, 0});

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrajectoryPca.fitVectors(path));

        assertTrue(e.getMessage().startsWith("checkpoints[1][1]"), e.getMessage());
    }

    @Test
    void fitVectors_collinearPath_rejectedAsNotSpanningAPlane() {
        List<float[]> path = List.of(
                new float[] {3, 3, 3}, new float[] {2, 2, 2}, new float[] {1, 1, 1},
                new float[] {0, 0, 0});

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrajectoryPca.fitVectors(path));

        assertTrue(e.getMessage().startsWith("checkpoints:"), e.getMessage());
        assertTrue(e.getMessage().contains("fewer than 2 dimensions"), e.getMessage());
    }

    @Test
    void fitVectors_identicalCheckpoints_rejected() {
        List<float[]> path = List.of(new float[] {1, 2}, new float[] {1, 2}, new float[] {1, 2});

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TrajectoryPca.fitVectors(path));

        assertTrue(e.getMessage().contains("identical"), e.getMessage());
    }

    @Test
    void coveringGrid_syntheticPath_containsEveryPointWithMargin() {
        Random random = new Random(23);
        double[] a = unit(gaussian(random, P));
        double[] b = orthogonalUnit(gaussian(random, P), a);
        PathPlane plane = TrajectoryPca.fitVectors(syntheticPath(random, a, b, 0));

        GridSpec grid = plane.coveringGrid(21, 11);

        double xSpan = 16;
        double pad = PathBounds.DEFAULT_MARGIN * xSpan;
        assertEquals(21, grid.x().points());
        assertEquals(11, grid.y().points());
        for (PathPoint point : plane.path()) {
            assertTrue(point.x() >= grid.x().min() + pad - 1e-3, "x " + point.x());
            assertTrue(point.x() <= grid.x().max() - pad + 1e-3, "x " + point.x());
            assertTrue(point.y() >= grid.y().min() + pad - 1e-3, "y " + point.y());
            assertTrue(point.y() <= grid.y().max() - pad + 1e-3, "y " + point.y());
        }
        assertEquals(xSpan + 2 * pad, grid.x().max() - grid.x().min(), 1e-3);
    }

    @Test
    void coveringGrid_onePointPerAxis_rejectedNamingTheAxis() {
        List<PathPoint> path = List.of(new PathPoint(0, -1, 1, 0), new PathPoint(1, 0, 0, 0));

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> PathBounds.coveringGrid(path, 11, 1, 0.1));

        assertTrue(e.getMessage().startsWith("y.points"), e.getMessage());
    }

    @Test
    void coveringGrid_flatAxisWithoutMargin_stillHasMinBelowMax() {
        List<PathPoint> path = List.of(new PathPoint(0, -2, 0, 0), new PathPoint(1, 0, 0, 0));

        GridSpec grid = PathBounds.coveringGrid(path, 5, 5, 0.0);

        assertEquals(-2.0, grid.x().min(), 0.0);
        assertEquals(0.0, grid.x().max(), 0.0);
        assertTrue(grid.y().min() < 0 && grid.y().max() > 0);
    }

    /** θ_i = base + s_i·a + t_i·b + noise for i = 0 … 8. */
    static List<float[]> syntheticPath(Random random, double[] a, double[] b, double noise) {
        double[] base = gaussian(random, a.length);
        List<float[]> path = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            float[] theta = new float[a.length];
            for (int k = 0; k < a.length; k++) {
                theta[k] = (float) (base[k] + s(i) * a[k] + t(i) * b[k]
                        + noise * random.nextGaussian());
            }
            path.add(theta);
        }
        return path;
    }

    static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = random.nextGaussian();
        }
        return v;
    }

    static double[] unit(double[] v) {
        double norm = 0;
        for (double value : v) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        double[] u = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            u[k] = v[k] / norm;
        }
        return u;
    }

    static double[] orthogonalUnit(double[] v, double[] unitAgainst) {
        double projection = 0;
        for (int k = 0; k < v.length; k++) {
            projection += v[k] * unitAgainst[k];
        }
        double[] w = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            w[k] = v[k] - projection * unitAgainst[k];
        }
        return unit(w);
    }

    static double[] column(DMatrixRMaj matrix, int col) {
        double[] values = new double[matrix.getNumRows()];
        for (int row = 0; row < values.length; row++) {
            values[row] = matrix.get(row, col);
        }
        return values;
    }

    static double cosine(float[] f, double[] d) {
        double dot = 0;
        double ff = 0;
        double dd = 0;
        for (int k = 0; k < f.length; k++) {
            dot += f[k] * d[k];
            ff += (double) f[k] * f[k];
            dd += d[k] * d[k];
        }
        return dot / Math.sqrt(ff * dd);
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    static double norm(float[] f) {
        double sum = 0;
        for (float value : f) {
            sum += (double) value * value;
        }
        return Math.sqrt(sum);
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return d;
    }
}
