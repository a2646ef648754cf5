package org.losscape.viz.surfaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;

class BilinearTest {

    /** Sums of a few terms of size ≤ 10: a few ulps. */
    private static final double TOLERANCE = 1e-12;

    /** α in [-1, 2] over 4 points (step 1), β in [0, 1] over 3 (step 0.5): not square. */
    private static final GridSpec GRID = new GridSpec(new Axis(-1, 2, 4), new Axis(0, 1, 3));

    /** Bilinear, so interpolation reproduces it exactly anywhere in the rectangle. */
    private static double f(double alpha, double beta) {
        return 1 + 2 * alpha - 3 * beta + 0.5 * alpha * beta;
    }

    private final double[] values = new double[GRID.size()];
    private final BitSet known = new BitSet();

    BilinearTest() {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                values[i * 3 + j] = f(GRID.x().coordinate(i), GRID.y().coordinate(j));
            }
        }
        known.set(0, GRID.size());
    }

    private Double at(double alpha, double beta) {
        return Bilinear.at(GRID, alpha, beta, known::get, k -> values[k]);
    }

    @Test
    void at_insideCells_reproducesABilinearFunction() {
        double[][] points = {{0.3, 0.2}, {-0.9, 0.9}, {1.75, 0.6}, {0.5, 0.5}, {-1, 0}, {2, 1}};

        for (double[] p : points) {
            assertEquals(f(p[0], p[1]), at(p[0], p[1]), TOLERANCE, Arrays.toString(p));
        }
    }

    @Test
    void at_aNonBilinearFunction_isTheWeightedMeanOfTheFourCorners() {
        // v = α² on nodes α = 0 and 1: at α = 0.25 the line between them gives 0.25, not α².
        Arrays.setAll(values, k -> Math.pow(GRID.x().coordinate(k / 3), 2));

        assertEquals(0.25, at(0.25, 0.7), TOLERANCE);
        assertEquals(2.5, at(1.5, 0.1), TOLERANCE);
    }

    @Test
    void at_outsideTheGrid_isNull() {
        assertNull(at(-1.0001, 0.5));
        assertNull(at(2.0001, 0.5));
        assertNull(at(0, -0.01));
        assertNull(at(0, 1.01));
        assertNull(at(Double.NaN, 0.5));
        assertFalse(Bilinear.covers(GRID, 0, 1.01));
        assertTrue(Bilinear.covers(GRID, 2, 1));
    }

    @Test
    void at_aNeededCornerNotReceived_isNull() {
        known.clear(1 * 3 + 1); // node (α = 0, β = 0.5), a corner of four cells

        assertNull(at(0.2, 0.3));
        assertNull(at(-0.5, 0.25));
        assertNull(at(0.5, 0.75));
        assertEquals(f(1.5, 0.25), at(1.5, 0.25), TOLERANCE, "a cell without that node");
    }

    @Test
    void at_onANodeNextToAMissingOrDivergedNode_usesTheNodeAlone() {
        known.clear(2 * 3 + 1); // (α = 1, β = 0.5)
        values[1 * 3 + 2] = Double.POSITIVE_INFINITY; // (α = 0, β = 1)

        assertEquals(f(0, 0.5), at(0, 0.5), TOLERANCE);
        // A coordinate a rounding error away from the node still counts as on it.
        assertEquals(f(0, 0.5), at(1e-14, 0.5 - 1e-14), 1e-9);
    }

    @Test
    void at_onACellEdge_usesItsTwoEnds() {
        known.clear(0); // (α = -1, β = 0): weight 0 on the edge α = 0
        assertEquals(f(0, 0.25), at(0, 0.25), TOLERANCE);
    }

    @Test
    void at_aDivergedCornerWithWeight_isNonFinite() {
        values[1 * 3 + 1] = Double.NaN;
        values[2 * 3 + 2] = Double.POSITIVE_INFINITY;

        assertTrue(Double.isNaN(at(0.2, 0.3)));
        assertEquals(Double.POSITIVE_INFINITY, at(1.8, 0.8));
    }

    @Test
    void at_singlePointAxis_coversOnlyItsCoordinate() {
        GridSpec line = new GridSpec(new Axis(0, 1, 5), new Axis(0, 0, 1));
        double[] lineValues = {1, 2, 3, 4, 5};

        assertEquals(2.5, Bilinear.at(line, 0.375, 0, k -> true, k -> lineValues[k]), TOLERANCE);
        assertNull(Bilinear.at(line, 0.375, 0.1, k -> true, k -> lineValues[k]));
    }
}
