package org.losscape.viz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntToDoubleFunction;
import org.losscape.messages.Axis;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EpochMetrics;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.PointValue;
import org.losscape.messages.RunEnded;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.InterpolationSpec;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.messages.SurfacePlanned.TrajectorySpec;
import org.losscape.storage.ObjectKeys;

/** Messages as the other services publish them, for tests. */
public final class Fixtures {

    private Fixtures() {}

    /** A fresh id, so that tests sharing one broker never see each other's surfaces. */
    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A plan with α in [-1, 1] over {@code xPoints}, β in [-0.5, 0.5] over {@code yPoints}. */
    public static SurfacePlanned plan(String surfaceId, int xPoints, int yPoints) {
        return plan(
                surfaceId, new GridSpec(new Axis(-1, 1, xPoints), new Axis(-0.5, 0.5, yPoints)));
    }

    /** A random plane of seed 7 over {@code grid}, in chunks of 4 points. */
    public static SurfacePlanned plan(String surfaceId, GridSpec grid) {
        return new SurfacePlanned(
                surfaceId,
                "run-of-" + surfaceId,
                "resnet20",
                3,
                ObjectKeys.checkpoint("run-of-" + surfaceId, 3),
                grid,
                new DirectionSpec(7, "filter", false, 0.01),
                new EvalSetSpec("cifar10", "test", 200),
                ObjectKeys.direction(surfaceId, "x"),
                ObjectKeys.direction(surfaceId, "y"),
                (grid.size() + 3) / 4,
                Instant.parse("2025-01-31T12:00:00Z"));
    }

    /** A value of a grid point from its coordinates. */
    @FunctionalInterface
    public interface PointFunction {
        double at(double alpha, double beta);
    }

    /**
     * A {@code pca} surface of run {@code runId}'s final epoch {@code path.size() - 1} over
     * {@code grid}, with explained-variance ratios {@code ratios}.
     */
    public static SurfacePlanned pca(
            String surfaceId,
            String runId,
            GridSpec grid,
            List<Double> ratios,
            List<TrajectoryPoint> path) {
        int epoch = path.get(path.size() - 1).epoch();
        return new SurfacePlanned(
                surfaceId,
                runId,
                "resnet20",
                epoch,
                ObjectKeys.checkpoint(runId, epoch),
                grid,
                new DirectionSpec(0, "pca", false, 0),
                new EvalSetSpec("cifar10", "train", 500),
                ObjectKeys.direction(surfaceId, "x"),
                ObjectKeys.direction(surfaceId, "y"),
                (grid.size() + 15) / 16,
                Instant.parse("2025-02-01T08:00:00Z"),
                SurfacePlanned.PCA,
                null,
                new TrajectorySpec(ratios, path),
                null);
    }

    /**
     * One of the two curves of an interpolation from run {@code runA}'s final checkpoint
     * (α = 0) to run {@code runB}'s (α = 1), α in [-0.5, 1.5] over {@code points}, evaluated on
     * {@code split} ({@code train} or {@code test}).
     */
    public static SurfacePlanned interpolation(
            String surfaceId, String groupId, String runA, String runB, String split,
            int points) {
        return new SurfacePlanned(
                surfaceId,
                runA,
                "resnet20",
                10,
                ObjectKeys.checkpoint(runA, 10),
                new GridSpec(new Axis(-0.5, 1.5, points), new Axis(0, 0, 1)),
                new DirectionSpec(0, "interpolation", true, 0, true),
                new EvalSetSpec("cifar10", split, split.equals("train") ? 1000 : 500),
                ObjectKeys.direction(groupId, "x"),
                null,
                (points + 7) / 8,
                Instant.parse("2025-02-01T09:00:00Z"),
                SurfacePlanned.INTERPOLATION,
                groupId,
                null,
                new InterpolationSpec(runB, 10, ObjectKeys.checkpoint(runB, 10)));
    }

    /** A 1-D random line of seed {@code seed} in group {@code groupId}, α in [-1, 1]. */
    public static SurfacePlanned line(String surfaceId, String groupId, long seed, int points) {
        return new SurfacePlanned(
                surfaceId,
                "run-of-" + groupId,
                "resnet20",
                10,
                ObjectKeys.checkpoint("run-of-" + groupId, 10),
                new GridSpec(new Axis(-1, 1, points), new Axis(0, 0, 1)),
                new DirectionSpec(seed, "filter", false, 0),
                new EvalSetSpec("cifar10", "train", 500),
                ObjectKeys.direction(surfaceId, "x"),
                null,
                (points + 7) / 8,
                Instant.parse("2025-02-01T10:00:00Z").plusSeconds(seed),
                SurfacePlanned.LINE,
                groupId,
                null,
                null);
    }

    /** A random plane of seed 11 around run {@code runId} of {@code model}, in a comparison. */
    public static SurfacePlanned comparisonPlane(
            String surfaceId, String groupId, String runId, String model, int points,
            int order) {
        return new SurfacePlanned(
                surfaceId,
                runId,
                model,
                10,
                ObjectKeys.checkpoint(runId, 10),
                new GridSpec(new Axis(-1, 1, points), new Axis(-1, 1, points)),
                new DirectionSpec(11, "filter", false, 0.002),
                new EvalSetSpec("cifar10", "train", 500),
                ObjectKeys.direction(surfaceId, "x"),
                ObjectKeys.direction(surfaceId, "y"),
                (points * points + 31) / 32,
                Instant.parse("2025-02-01T11:00:00Z").plusSeconds(order),
                SurfacePlanned.PLANE,
                groupId,
                null,
                null);
    }

    /**
     * Every point of {@code plan} in chunks of {@code chunkSize}, loss and accuracy computed
     * from each point's (α, β).
     */
    public static List<ChunkValues> allChunks(
            SurfacePlanned plan, int chunkSize, PointFunction loss, PointFunction accuracy) {
        List<ChunkValues> chunks = new ArrayList<>();
        int total = plan.grid().size();
        for (int first = 0, index = 0; first < total; first += chunkSize, index++) {
            chunks.add(
                    chunk(plan, index, first, Math.min(chunkSize, total - first), loss,
                            accuracy));
        }
        return chunks;
    }

    /** Points {@code first .. first + count - 1} with values computed from (α, β). */
    public static ChunkValues chunk(
            SurfacePlanned plan,
            int chunkIndex,
            int first,
            int count,
            PointFunction loss,
            PointFunction accuracy) {
        int yPoints = plan.grid().y().points();
        List<PointValue> points = new ArrayList<>();
        for (int index = first; index < first + count; index++) {
            int i = index / yPoints;
            int j = index % yPoints;
            double alpha = plan.grid().x().coordinate(i);
            double beta = plan.grid().y().coordinate(j);
            points.add(
                    new PointValue(
                            index, i, j, alpha, beta, loss.at(alpha, beta),
                            accuracy.at(alpha, beta)));
        }
        return new ChunkValues(plan.surfaceId(), chunkIndex, "worker-1", 0.5, points);
    }

    /** A recognisable loss per index: 1 + index / 100 (so index 7 has loss 1.07). */
    public static double lossOf(int index) {
        return 1 + index / 100.0;
    }

    /** A recognisable accuracy per index: index / 1000. */
    public static double accuracyOf(int index) {
        return index / 1000.0;
    }

    /** Points {@code first .. first + count - 1} of {@code plan} with {@link #lossOf} losses. */
    public static ChunkValues chunk(SurfacePlanned plan, int chunkIndex, int first, int count) {
        return chunk(plan, chunkIndex, first, count, Fixtures::lossOf);
    }

    public static ChunkValues chunk(
            SurfacePlanned plan, int chunkIndex, int first, int count, IntToDoubleFunction loss) {
        int yPoints = plan.grid().y().points();
        List<PointValue> points = new ArrayList<>();
        for (int index = first; index < first + count; index++) {
            int i = index / yPoints;
            int j = index % yPoints;
            points.add(
                    new PointValue(
                            index,
                            i,
                            j,
                            plan.grid().x().coordinate(i),
                            plan.grid().y().coordinate(j),
                            loss.applyAsDouble(index),
                            accuracyOf(index)));
        }
        return new ChunkValues(plan.surfaceId(), chunkIndex, "worker-1", 0.5, points);
    }

    /** A checkpoint of epoch {@code epoch} of {@code epochs}, with made-up metrics. */
    public static CheckpointEvent checkpoint(String runId, int epoch, int epochs) {
        EpochMetrics metrics =
                new EpochMetrics(
                        2.3 / (epoch + 1),
                        0.1 + 0.08 * epoch,
                        2.4 / (epoch + 1),
                        0.1 + 0.07 * epoch,
                        0.1,
                        epoch == 0 ? 0 : 12.5);
        return new CheckpointEvent(
                runId,
                "resnet20",
                "cifar10",
                epoch,
                epochs,
                ObjectKeys.checkpoint(runId, epoch),
                metrics,
                epoch == epochs,
                Instant.parse("2025-01-31T12:00:00Z").plusSeconds(60L * epoch),
                /* autoSurface= */ null);
    }

    /**
     * The end of a resnet20 run on cifar10 of {@code epochs} epochs; {@code error} goes with
     * FAILED, {@code lastEpoch} is null for a run that stored no checkpoint.
     */
    public static RunEnded ended(String runId, String state, String error, Integer lastEpoch,
            int epochs) {
        return new RunEnded(runId, state, error, lastEpoch, "resnet20", "cifar10", epochs,
                Instant.parse("2025-01-31T13:00:00Z"));
    }
}
