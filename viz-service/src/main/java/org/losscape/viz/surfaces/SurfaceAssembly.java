package org.losscape.viz.surfaces;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.losscape.messages.Axis;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.GridSpec;
import org.losscape.messages.PointValue;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.messages.SurfacePlanned.TrajectorySpec;

/**
 * One surface being assembled: loss and accuracy per grid index, each index stored once.
 *
 * <p>Chunks may arrive twice (redelivery) and in any order. A point whose index is already
 * stored is a duplicate and dropped, so {@code pointsDone <= pointsTotal} always and a
 * redelivered chunk changes nothing. A point whose index lies outside the grid, or whose
 * (i, j) is not (index / y.points, index % y.points), is rejected. NaN and ±∞ losses are data:
 * stored, counted as done, left out of min/max. α and β come from the grid, not the message.
 *
 * <p>Thread-safe: every method locks the assembly. Listeners receive each {@link ChunkUpdate}
 * under that lock, so a listener added with {@link #subscribe} sees exactly the points that its
 * snapshot did not hold; listeners must not block.
 */
final class SurfaceAssembly {

    /** What one chunk did to the surface. */
    record Outcome(ChunkUpdate update, int duplicates, int invalid, boolean completedNow) {

        int fresh() {
            return update.points().size();
        }
    }

    private final SurfacePlanned plan;
    private final int xPoints;
    private final int yPoints;
    private final int total;
    private final double[] loss;
    private final double[] accuracy;
    private final BitSet done;
    private final BitSet chunks = new BitSet();
    private final List<Consumer<ChunkUpdate>> listeners = new CopyOnWriteArrayList<>();
    private int doneCount;
    private int nonFinite;
    private double minLoss = Double.POSITIVE_INFINITY;
    private double maxLoss = Double.NEGATIVE_INFINITY;
    private double evaluationSeconds;
    private Instant firstArrival;
    private int doneAtFirstArrival;
    private Instant lastArrival;
    private Instant completedAt;

    SurfaceAssembly(SurfacePlanned plan) {
        this.plan = plan;
        this.xPoints = plan.grid().x().points();
        this.yPoints = plan.grid().y().points();
        this.total = xPoints * yPoints;
        this.loss = new double[total];
        this.accuracy = new double[total];
        this.done = new BitSet(total);
    }

    SurfacePlanned plan() {
        return plan;
    }

    String id() {
        return plan.surfaceId();
    }

    /** Stores the new points of {@code chunk}, received at {@code now}, and tells listeners. */
    synchronized Outcome accept(ChunkValues chunk, Instant now) {
        List<PointValue> fresh = new ArrayList<>();
        int duplicates = 0;
        int invalid = 0;
        boolean wasComplete = doneCount == total;

        for (PointValue point : chunk.points()) {
            if (!fitsGrid(point)) {
                invalid++;
            } else if (done.get(point.index())) {
                duplicates++;
            } else {
                fresh.add(store(point));
            }
        }

        if (!fresh.isEmpty()) {
            noteArrival(chunk, fresh.size(), now);
        }
        ChunkUpdate update = update(chunk.chunkIndex(), fresh);
        if (!fresh.isEmpty()) {
            notifyListeners(update);
        }
        return new Outcome(update, duplicates, invalid, !wasComplete && doneCount == total);
    }

    private void notifyListeners(ChunkUpdate update) {
        for (Consumer<ChunkUpdate> listener : listeners) {
            try {
                listener.accept(update);
            } catch (RuntimeException e) {
                // A broken stream must not stop assembly; its client reconnects for a snapshot.
                listeners.remove(listener);
            }
        }
    }

    private boolean fitsGrid(PointValue point) {
        int index = point.index();
        return index >= 0
                && index < total
                && point.i() == index / yPoints
                && point.j() == index % yPoints;
    }

    private PointValue store(PointValue point) {
        int index = point.index();
        done.set(index);
        doneCount++;
        loss[index] = point.loss();
        accuracy[index] = point.accuracy();

        if (Double.isFinite(point.loss())) {
            minLoss = Math.min(minLoss, point.loss());
            maxLoss = Math.max(maxLoss, point.loss());
        } else {
            nonFinite++;
        }
        return new PointValue(
                index,
                point.i(),
                point.j(),
                alpha(point.i()),
                beta(point.j()),
                point.loss(),
                point.accuracy());
    }

    private void noteArrival(ChunkValues chunk, int freshPoints, Instant now) {
        if (firstArrival == null) {
            firstArrival = now;
            doneAtFirstArrival = freshPoints;
        }
        lastArrival = now;
        if (chunk.chunkIndex() >= 0) {
            chunks.set(chunk.chunkIndex());
        }
        if (Double.isFinite(chunk.seconds()) && chunk.seconds() > 0) {
            evaluationSeconds += chunk.seconds();
        }
        if (doneCount == total && completedAt == null) {
            completedAt = now;
        }
    }

    private ChunkUpdate update(int chunkIndex, List<PointValue> fresh) {
        return new ChunkUpdate(
                id(),
                chunkIndex,
                List.copyOf(fresh),
                doneCount,
                total,
                SurfaceState.of(doneCount, total).label(),
                finiteOrNull(minLoss),
                finiteOrNull(maxLoss),
                pointsPerSecond());
    }

    /** Adds {@code listener} and returns the snapshot that its first update follows. */
    synchronized SurfaceSnapshot subscribe(Consumer<ChunkUpdate> listener) {
        listeners.add(listener);
        return snapshot();
    }

    /** Removes {@code listener}; takes no lock, so it is safe from within a listener. */
    void unsubscribe(Consumer<ChunkUpdate> listener) {
        listeners.remove(listener);
    }

    synchronized boolean complete() {
        return doneCount == total;
    }

    synchronized SurfaceSummary summary() {
        return new SurfaceSummary(
                id(),
                plan.runId(),
                plan.model(),
                plan.epoch(),
                plan.checkpointKey(),
                plan.grid(),
                plan.directions(),
                plan.evalSet(),
                plan.chunkCount(),
                chunks.cardinality(),
                doneCount,
                total,
                nonFinite,
                finiteOrNull(minLoss),
                finiteOrNull(maxLoss),
                SurfaceState.of(doneCount, total).label(),
                pointsPerSecond(),
                evaluationSeconds,
                plan.createdAt(),
                lastArrival,
                completedAt,
                plan.kind(),
                plan.groupId(),
                plan.trajectory(),
                plan.interpolation());
    }

    /** The values as {@code [x.points][y.points]} arrays; see {@link SurfaceValues}. */
    synchronized SurfaceValues values() {
        Double[][] lossGrid = new Double[xPoints][yPoints];
        Double[][] accuracyGrid = new Double[xPoints][yPoints];
        for (int index = done.nextSetBit(0); index >= 0; index = done.nextSetBit(index + 1)) {
            lossGrid[index / yPoints][index % yPoints] = loss[index];
            accuracyGrid[index / yPoints][index % yPoints] = accuracy[index];
        }
        return new SurfaceValues(
                id(),
                coordinates(plan.grid().x()),
                coordinates(plan.grid().y()),
                lossGrid,
                accuracyGrid,
                doneCount,
                total);
    }

    /** The summary and every value stored so far, taken together. */
    synchronized SurfaceSnapshot snapshot() {
        return new SurfaceSnapshot(summary(), values());
    }

    /**
     * The planned path of a {@code pca} surface with the surface's values at each projected
     * checkpoint, interpolated bilinearly from the points received so far; null for a surface
     * without a trajectory.
     */
    synchronized TrajectoryView trajectory() {
        TrajectorySpec spec = plan.trajectory();
        if (spec == null) {
            return null;
        }

        GridSpec grid = plan.grid();
        List<TrajectoryView.Point> points = new ArrayList<>();
        for (TrajectoryPoint p : spec.path() == null ? List.<TrajectoryPoint>of() : spec.path()) {
            points.add(
                    new TrajectoryView.Point(
                            p.epoch(),
                            p.x(),
                            p.y(),
                            p.residual(),
                            p.loss(),
                            p.accuracy(),
                            Bilinear.covers(grid, p.x(), p.y()),
                            Bilinear.at(grid, p.x(), p.y(), done::get, k -> loss[k]),
                            Bilinear.at(grid, p.x(), p.y(), done::get, k -> accuracy[k])));
        }
        List<Double> ratios =
                spec.explainedVariance() == null ? List.of() : spec.explainedVariance();
        return new TrajectoryView(id(), ratios, points);
    }

    /** The stored points in index order, α and β from the grid. */
    synchronized List<PointValue> points() {
        List<PointValue> points = new ArrayList<>(doneCount);
        for (int index = done.nextSetBit(0); index >= 0; index = done.nextSetBit(index + 1)) {
            int i = index / yPoints;
            int j = index % yPoints;
            points.add(
                    new PointValue(index, i, j, alpha(i), beta(j), loss[index], accuracy[index]));
        }
        return points;
    }

    private double alpha(int i) {
        return plan.grid().x().coordinate(i);
    }

    private double beta(int j) {
        return plan.grid().y().coordinate(j);
    }

    private Double pointsPerSecond() {
        if (firstArrival == null || !lastArrival.isAfter(firstArrival)) {
            return null;
        }
        double seconds = Duration.between(firstArrival, lastArrival).toNanos() / 1e9;
        return (doneCount - doneAtFirstArrival) / seconds;
    }

    private static double[] coordinates(Axis axis) {
        double[] coordinates = new double[axis.points()];
        for (int k = 0; k < coordinates.length; k++) {
            coordinates[k] = axis.coordinate(k);
        }
        return coordinates;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
