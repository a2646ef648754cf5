package org.losscape.viz.surfaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Axis;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.GridSpec;
import org.losscape.messages.PointValue;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.viz.Fixtures;

class SurfaceAssemblyTest {

    private static final Instant T0 = Instant.parse("2025-01-31T12:00:00Z");

    private final SurfacePlanned plan = Fixtures.plan("s1", 4, 3);

    @Test
    void accept_chunkDeliveredTwice_countsItsPointsOnce() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);

        SurfaceAssembly.Outcome first = assembly.accept(Fixtures.chunk(plan, 0, 0, 4), T0);
        SurfaceAssembly.Outcome again = assembly.accept(Fixtures.chunk(plan, 0, 0, 4), T0);

        assertEquals(4, first.fresh());
        assertEquals(0, again.fresh());
        assertEquals(4, again.duplicates());
        assertEquals(4, assembly.summary().pointsDone());
    }

    @Test
    void accept_overlappingChunks_neverExceedsTotal() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);

        assembly.accept(Fixtures.chunk(plan, 0, 0, 8), T0);
        assembly.accept(Fixtures.chunk(plan, 1, 4, 8), T0);
        assembly.accept(Fixtures.chunk(plan, 2, 0, 12), T0);

        SurfaceSummary summary = assembly.summary();
        assertEquals(12, summary.pointsDone());
        assertEquals(12, summary.pointsTotal());
        assertEquals("complete", summary.state());
    }

    @Test
    void accept_nanAndInfiniteLoss_keptCountedAndLeftOutOfMinMax() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);

        assembly.accept(
                Fixtures.chunk(
                        plan,
                        0,
                        0,
                        12,
                        index -> index == 5
                                ? Double.NaN
                                : index == 6 ? Double.POSITIVE_INFINITY : Fixtures.lossOf(index)),
                T0);

        SurfaceSummary summary = assembly.summary();
        assertEquals(12, summary.pointsDone());
        assertEquals(2, summary.nonFinitePoints());
        assertEquals(Fixtures.lossOf(0), summary.minLoss(), 1e-12);
        assertEquals(Fixtures.lossOf(11), summary.maxLoss(), 1e-12);
        SurfaceValues values = assembly.values();
        assertTrue(values.loss()[1][2].isNaN(), "index 5 is (i=1, j=2)");
        assertEquals(Double.POSITIVE_INFINITY, values.loss()[2][0]);
    }

    @Test
    void accept_indexOutsideGridOrDisagreeingWithIj_rejected() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);
        List<PointValue> points =
                List.of(
                        new PointValue(12, 4, 0, 0, 0, 1, 0),
                        new PointValue(-1, 0, 0, 0, 0, 1, 0),
                        new PointValue(4, 0, 1, 0, 0, 1, 0),
                        new PointValue(4, 1, 1, 0, 0, 1, 0));

        SurfaceAssembly.Outcome outcome =
                assembly.accept(new ChunkValues("s1", 0, "w", 0.1, points), T0);

        assertEquals(3, outcome.invalid());
        assertEquals(1, outcome.fresh());
        assertEquals(1, assembly.summary().pointsDone());
    }

    @Test
    void values_nonSquareGrid_laidOutAsXPointsByYPointsWithGridCoordinates() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);
        assembly.accept(Fixtures.chunk(plan, 0, 0, 5), T0);

        SurfaceValues values = assembly.values();

        assertEquals(4, values.loss().length);
        assertEquals(3, values.loss()[0].length);
        assertEquals(-1.0, values.xcoordinates()[0], 1e-12);
        assertEquals(1.0, values.xcoordinates()[3], 1e-12);
        assertEquals(0.0, values.ycoordinates()[1], 1e-12);
        assertEquals(Fixtures.lossOf(4), values.loss()[1][1], 1e-12);
        assertNull(values.loss()[1][2], "index 5 has not arrived");
        assertNull(values.accuracy()[3][2]);
    }

    @Test
    void accept_completingChunk_reportsCompletionOnlyOnce() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);

        assertFalse(assembly.accept(Fixtures.chunk(plan, 0, 0, 6), T0).completedNow());
        assertTrue(assembly.accept(Fixtures.chunk(plan, 1, 6, 6), T0).completedNow());
        assertFalse(assembly.accept(Fixtures.chunk(plan, 1, 6, 6), T0).completedNow());
    }

    @Test
    void accept_chunksSentSecondsApart_completedAtAndRateFromSendTimes() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);

        assembly.accept(Fixtures.chunk(plan, 0, 0, 4), T0);
        assembly.accept(Fixtures.chunk(plan, 1, 4, 4), T0.plusSeconds(2));
        assembly.accept(Fixtures.chunk(plan, 2, 8, 4), T0.plusSeconds(4));

        SurfaceSummary summary = assembly.summary();
        assertEquals(T0.plusSeconds(4), summary.completedAt());
        assertEquals(T0.plusSeconds(4), summary.updatedAt());
        assertEquals(2.0, summary.pointsPerSecond(), 1e-9, "8 points in the 4 s after the first");
    }

    @Test
    void accept_sameChunksReadAgainLater_timesUnchanged() {
        SurfaceAssembly live = new SurfaceAssembly(plan);
        live.accept(Fixtures.chunk(plan, 0, 0, 6), T0);
        live.accept(Fixtures.chunk(plan, 1, 6, 6), T0.plusSeconds(3));

        live.accept(Fixtures.chunk(plan, 1, 6, 6), T0.plusSeconds(3600));

        SurfaceSummary summary = live.summary();
        assertEquals(T0.plusSeconds(3), summary.completedAt());
        assertEquals(2.0, summary.pointsPerSecond(), 1e-9);
    }

    @Test
    void accept_archivedValuesThenKafkaCopies_timesFromKafkaCopies() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);

        assembly.accept(Fixtures.chunk(plan, -1, 0, 12), null);
        SurfaceSummary archived = assembly.summary();
        assembly.accept(Fixtures.chunk(plan, 0, 0, 6), T0);
        SurfaceAssembly.Outcome copy =
                assembly.accept(Fixtures.chunk(plan, 1, 6, 6), T0.plusSeconds(3));

        assertEquals("complete", archived.state());
        assertNull(archived.completedAt(), "the archive keeps no times");
        assertNull(archived.pointsPerSecond());
        assertEquals(0, copy.fresh());
        assertEquals(6, copy.timed());
        SurfaceSummary summary = assembly.summary();
        assertEquals(12, summary.pointsDone());
        assertEquals(T0.plusSeconds(3), summary.completedAt());
        assertEquals(2.0, summary.pointsPerSecond(), 1e-9);
        assertEquals(2, summary.chunksReceived());
    }

    @Test
    void subscribe_thenChunks_listenerSeesExactlyThePointsMissingFromSnapshot() {
        SurfaceAssembly assembly = new SurfaceAssembly(plan);
        assembly.accept(Fixtures.chunk(plan, 0, 0, 4), T0);
        List<ChunkUpdate> updates = new ArrayList<>();

        SurfaceSnapshot snapshot = assembly.subscribe(updates::add);
        assembly.accept(Fixtures.chunk(plan, 0, 0, 4), T0);
        assembly.accept(Fixtures.chunk(plan, 1, 2, 6), T0.plusSeconds(2));

        assertEquals(4, snapshot.values().pointsDone());
        assertEquals(1, updates.size(), "the duplicate chunk brings nothing new");
        ChunkUpdate update = updates.get(0);
        assertEquals(List.of(4, 5, 6, 7), update.points().stream().map(PointValue::index).toList());
        assertEquals(8, update.pointsDone());
        assertEquals(2.0, update.pointsPerSecond(), 1e-9, "4 new points 2 s after the first");
    }

    @Test
    void accept_manyThreadsRedeliveringChunks_storesEveryPointOnce() throws Exception {
        SurfacePlanned big = Fixtures.plan("big", 50, 40);
        SurfaceAssembly assembly = new SurfaceAssembly(big);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<SurfaceAssembly.Outcome>> outcomes = new ArrayList<>();

        for (int copy = 0; copy < 3; copy++) {
            for (int first = 0; first < 2000; first += 50) {
                int start = first;
                outcomes.add(
                        pool.submit(
                                () -> assembly.accept(
                                        Fixtures.chunk(big, start / 50, start, 50), T0)));
            }
        }
        int fresh = 0;
        int duplicates = 0;
        for (Future<SurfaceAssembly.Outcome> outcome : outcomes) {
            fresh += outcome.get().fresh();
            duplicates += outcome.get().duplicates();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

        assertEquals(2000, fresh);
        assertEquals(4000, duplicates);
        assertEquals(2000, assembly.summary().pointsDone());
        assertEquals(2000, assembly.points().size());
    }

    @Test
    void trajectory_pcaSurfaceFilling_surfaceValueAtEachProjectionOnceItsCellArrived() {
        // α in [-2, 2] over 5 points, β in [-1, 1] over 3: index = i * 3 + j.
        GridSpec grid = new GridSpec(new Axis(-2, 2, 5), new Axis(-1, 1, 3));
        List<TrajectoryPoint> path =
                List.of(
                        new TrajectoryPoint(0, -1.5, 0.5, 0.25, 2.3, 0.1),
                        new TrajectoryPoint(1, 1.5, -0.5, 0.1, 0.9, 0.7),
                        new TrajectoryPoint(2, 2.5, 0, 0.05, 0.5, 0.8),
                        new TrajectoryPoint(3, 0, 0, 0, 0.2, 0.95));
        SurfacePlanned pca = Fixtures.pca("p1", "r1", grid, List.of(0.7, 0.2), path);
        SurfaceAssembly assembly = new SurfaceAssembly(pca);
        Fixtures.PointFunction loss = (a, b) -> 1 + a - 2 * b + 0.25 * a * b;
        Fixtures.PointFunction accuracy = (a, b) -> 0.5 + 0.1 * a;

        // Rows i = 0..2 (α = -2, -1, 0): the cells of epochs 0 and 3 only.
        assembly.accept(Fixtures.chunk(pca, 0, 0, 9, loss, accuracy), T0);
        TrajectoryView half = assembly.trajectory();
        assembly.accept(Fixtures.chunk(pca, 1, 9, 6, loss, accuracy), T0);
        TrajectoryView full = assembly.trajectory();

        assertEquals(List.of(0.7, 0.2), full.explainedVariance());
        assertEquals(4, full.points().size());
        assertEquals(loss.at(-1.5, 0.5), half.points().get(0).surfaceLoss(), 1e-12);
        assertNull(half.points().get(1).surfaceLoss(), "its cell (α 1..2) has not arrived");
        assertEquals(loss.at(1.5, -0.5), full.points().get(1).surfaceLoss(), 1e-12);
        assertEquals(accuracy.at(1.5, -0.5), full.points().get(1).surfaceAccuracy(), 1e-12);
        assertFalse(full.points().get(2).onGrid());
        assertNull(full.points().get(2).surfaceLoss(), "α = 2.5 is off the grid");
        assertEquals(loss.at(0, 0), full.points().get(3).surfaceLoss(), 1e-12);
        assertEquals(0.25, full.points().get(0).residual());
        assertEquals(2.3, full.points().get(0).loss());
    }

    @Test
    void trajectory_planeSurface_isNull() {
        assertNull(new SurfaceAssembly(plan).trajectory());
    }
}
