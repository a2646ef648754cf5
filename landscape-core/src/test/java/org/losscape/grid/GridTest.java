package org.losscape.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Axis;
import org.losscape.messages.GridSpec;

class GridTest {

    private static final double EXACT = 0.0;

    @Test
    void point_nonSquareGrid_keepsRowsOnAlphaAndColumnsOnBeta() {
        Grid grid = new Grid(new GridSpec(new Axis(-1, 1, 5), new Axis(0, 0.5, 3)));

        GridPoint p = grid.point(7);

        assertEquals(15, grid.size());
        assertEquals(new GridPoint(7, 2, 1, 0.0, 0.25), p);
        assertEquals(new GridPoint(14, 4, 2, 1.0, 0.5), grid.point(14));
        assertEquals(new GridPoint(2, 0, 2, -1.0, 0.5), grid.point(2));
    }

    @Test
    void point_everyIndex_roundTripsThroughRowAndColumn() {
        Grid grid = new Grid(new GridSpec(new Axis(-1, 1, 5), new Axis(-2, 2, 3)));

        for (int index = 0; index < grid.size(); index++) {
            GridPoint p = grid.point(index);
            assertEquals(index, grid.index(p.i(), p.j()));
            assertEquals(p, grid.point(p.i(), p.j()));
            assertEquals(-1 + 0.5 * p.i(), p.alpha(), 1e-12);
            assertEquals(-2 + 2.0 * p.j(), p.beta(), 1e-12);
        }
    }

    @Test
    void point_oneDimensionalScan_hasBetaZero() {
        Grid grid = new Grid(new GridSpec(new Axis(-1, 1, 3), new Axis(0, 0, 1)));

        assertEquals(List.of(new GridPoint(0, 0, 0, -1, 0), new GridPoint(1, 1, 0, 0, 0),
                new GridPoint(2, 2, 0, 1, 0)), grid.points(0, 3));
        assertEquals(0.0, grid.point(1).alpha(), EXACT);
    }

    @Test
    void point_outOfRange_isRejected() {
        Grid grid = new Grid(new GridSpec(new Axis(-1, 1, 5), new Axis(-1, 1, 3)));

        assertThrows(IndexOutOfBoundsException.class, () -> grid.point(15));
        assertThrows(IndexOutOfBoundsException.class, () -> grid.point(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> grid.point(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> grid.points(10, 6));
    }

    @Test
    void grid_zeroPoints_isRejectedNamingTheField() {
        assertRejected("grid.x.points (0) must be in [1, 1001]",
                new GridSpec(new Axis(-1, 1, 0), new Axis(-1, 1, 3)));
        assertRejected("grid.y.points (1002) must be in [1, 1001]",
                new GridSpec(new Axis(-1, 1, 3), new Axis(-1, 1, 1002)));
    }

    @Test
    void grid_nonFiniteBound_isRejectedNamingTheField() {
        assertRejected("grid.x.min (NaN) must be finite",
                new GridSpec(new Axis(Double.NaN, 1, 5), new Axis(-1, 1, 3)));
        assertRejected("grid.y.max (Infinity) must be finite",
                new GridSpec(new Axis(-1, 1, 5), new Axis(-1, Double.POSITIVE_INFINITY, 3)));
    }

    @Test
    void grid_minNotBelowMax_isRejectedNamingTheField() {
        assertRejected("grid.x.min (1.0) must be < grid.x.max (-1.0) when grid.x.points > 1",
                new GridSpec(new Axis(1, -1, 5), new Axis(-1, 1, 3)));
        assertRejected("grid.y.min (0.5) must be < grid.y.max (0.5) when grid.y.points > 1",
                new GridSpec(new Axis(-1, 1, 5), new Axis(0.5, 0.5, 2)));
    }

    @Test
    void grid_onePointWithMinAboveMax_isRejectedNamingTheField() {
        assertRejected("grid.y.min (1.0) must be <= grid.y.max (-1.0)",
                new GridSpec(new Axis(-1, 1, 5), new Axis(1, -1, 1)));
    }

    @Test
    void grid_onePointWithMinAtOrBelowMax_isAcceptedAtMin() {
        Grid equal = new Grid(new GridSpec(new Axis(-1, 1, 3), new Axis(0, 0, 1)));
        Grid below = new Grid(new GridSpec(new Axis(-1, 1, 3), new Axis(0.25, 1, 1)));

        assertEquals(0.0, equal.point(2).beta(), EXACT);
        assertEquals(0.25, below.point(2).beta(), EXACT);
    }

    /** A finite but huge range overflowed (max - min) to ∞ and every coordinate to NaN. */
    @Test
    void grid_hugeFiniteBound_isRejectedNamingTheFieldAndTheRange() {
        assertRejected("grid.x.min (-1.0E308) must be in [-1000000, 1000000]",
                new GridSpec(new Axis(-1e308, 1e308, 3), new Axis(-1, 1, 3)));
        assertRejected("grid.y.max (1000000.5) must be in [-1000000, 1000000]",
                new GridSpec(new Axis(-1, 1, 3), new Axis(-1, 1_000_000.5, 3)));
    }

    @Test
    void grid_widestRangeWithMostPoints_hasFiniteCoordinatesEndToEnd() {
        double limit = Grid.MAX_ABS_COORDINATE;
        Grid grid = new Grid(new GridSpec(
                new Axis(-limit, limit, Grid.MAX_AXIS_POINTS), new Axis(-limit, limit, 2)));

        for (int index = 0; index < grid.size(); index++) {
            GridPoint p = grid.point(index);
            assertTrue(Double.isFinite(p.alpha()) && Double.isFinite(p.beta()), p.toString());
        }
        assertEquals(-limit, grid.point(0).alpha(), EXACT);
        assertEquals(limit, grid.point(grid.size() - 1).alpha(), EXACT);
    }

    @Test
    void grid_tooManyPoints_isRejected() {
        assertRejected("grid size (1002001 = 1001 × 1001) must be <= 1000000",
                new GridSpec(new Axis(-1, 1, 1001), new Axis(-1, 1, 1001)));
    }

    @Test
    void grid_missingAxis_isRejected() {
        assertRejected("grid.y must be given", new GridSpec(new Axis(-1, 1, 5), null));
        assertRejected("grid must be given", null);
    }

    @Test
    void grid_largestAllowed_isAccepted() {
        Grid grid = new Grid(new GridSpec(new Axis(-1, 1, 1000), new Axis(-1, 1, 1000)));

        assertEquals(new GridPoint(999_999, 999, 999, 1.0, 1.0), grid.point(999_999));
    }

    private static void assertRejected(String message, GridSpec spec) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Grid(spec));
        assertEquals(message, e.getMessage());
    }
}
