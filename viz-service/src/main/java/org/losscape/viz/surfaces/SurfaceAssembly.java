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
 * <p>Times come from the sender, not from this service: each chunk carries the time it was
 * sent (its Kafka record's timestamp), so a replay after a restart gives the same
 * {@code completedAt} and rate as the live run did. A chunk read back from the archive has no
 * such time; its points are stored without one, and the first Kafka copy of a point still
 * gives it its time, so that the archive and a replay can be read in either order.
 *
 * <p>Thread-safe: every method locks the assembly. Listeners receive each {@link ChunkUpdate}
 * under that lock, so a listener added with {@link #subscribe} sees exactly the points that its
 * snapshot did not hold; listeners must not block.
 */
final class SurfaceAssembly {

    /** What one chunk did to the surface. */
    record Outcome(
            ChunkUpdate update, int duplicates, int invalid, int timed, boolean completedNow) {

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
    private final BitSet timed;
    private final BitSet chunks = new BitSet();
    private final BitSet deadLettered;
    private String failureReason;
    private final List<Consumer<ChunkUpdate>> listeners = new CopyOnWriteArrayList<>();
    private int doneCount;
    private int timedCount;
    private int nonFinite;
    private double minLoss = Double.POSITIVE_INFINITY;
    private double maxLoss = Double.NEGATIVE_INFINITY;
    private double evaluationSeconds;
    private Instant firstArrival;
    private int timedAtFirstArrival;
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
        this.timed = new BitSet(total);
        this.deadLettered = new BitSet(total);
    }

    SurfacePlanned plan() {
        return plan;
    }

    String id() {
        return plan.surfaceId();
    }

    /**
     * Stores the new points of {@code chunk}, sent at {@code sentAt}, and tells listeners. A null
     * {@code sentAt} (a chunk from the archive) stores the points without a time.
     */
    synchronized Outcome accept(ChunkValues chunk, Instant sentAt) {
        List<PointValue> fresh = new ArrayList<>();
        int duplicates = 0;
        int invalid = 0;
        int newlyTimed = 0;
        boolean wasComplete = doneCount == total;

        for (PointValue point : chunk.points()) {
            if (!fitsGrid(point)) {
                invalid++;
                continue;
            }
            if (done.get(point.index())) {
                duplicates++;
            } else {
                fresh.add(store(point));
            }
            if (sentAt != null && !timed.get(point.index())) {
                timed.set(point.index());
                timedCount++;
                newlyTimed++;
            }
        }

        if (newlyTimed > 0) {
            noteArrival(chunk, newlyTimed, sentAt);
        }
        ChunkUpdate update = update(chunk.chunkIndex(), fresh);
        if (!fresh.isEmpty()) {
            notifyListeners(update);
        }
        boolean completedNow = !wasComplete && doneCount == total;
        return new Outcome(update, duplicates, invalid, newlyTimed, completedNow);
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

    /**
     * Notes that {@code newlyTimed} points were first sent at {@code sentAt}. Records of one
     * surface share a partition and so come in order, but the earliest and latest times are
     * kept rather than the first and last seen, in case a producer's clock stepped back.
     */
    private void noteArrival(ChunkValues chunk, int newlyTimed, Instant sentAt) {
        if (firstArrival == null || sentAt.isBefore(firstArrival)) {
            firstArrival = sentAt;
            timedAtFirstArrival = newlyTimed;
        } else if (sentAt.equals(firstArrival)) {
            timedAtFirstArrival += newlyTimed;
        }
        if (lastArrival == null || sentAt.isAfter(lastArrival)) {
            lastArrival = sentAt;
        }
        if (chunk.chunkIndex() >= 0) {
            chunks.set(chunk.chunkIndex());
        }
        if (Double.isFinite(chunk.seconds()) && chunk.seconds() > 0) {
            evaluationSeconds += chunk.seconds();
        }
        if (timedCount == total) {
            completedAt = lastArrival;
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

    /**
     * Notes that the points {@code firstPoint} to {@code firstPoint + pointCount - 1} (clipped
     * to the grid) were given up on, for {@code reason}; the first reason is kept. Returns how
     * many of them were neither stored nor given up on before. A point that arrives later (a
     * replayed chunk) is stored as usual and no longer counts as failed.
     */
    synchronized int deadLettered(int firstPoint, int pointCount, String reason) {
        int from = Math.max(0, firstPoint);
        int to = (int) Math.min(total, (long) firstPoint + Math.max(0, pointCount));
        if (from >= to) {
            return 0;
        }
        BitSet newlyFailed = new BitSet(total);
        newlyFailed.set(from, to);
        newlyFailed.andNot(deadLettered);
        newlyFailed.andNot(done);

        deadLettered.set(from, to);
        if (failureReason == null && reason != null && newlyFailed.cardinality() > 0) {
            failureReason = reason;
        }
        return newlyFailed.cardinality();
    }

    /** Points given up on by the workers that have not arrived since. */
    private int failedPoints() {
        BitSet missing = (BitSet) deadLettered.clone();
        missing.andNot(done);
        return missing.cardinality();
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
        int failed = failedPoints();
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
                failed,
                failed > 0 ? failureReason : null,
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
        return (timedCount - timedAtFirstArrival) / seconds;
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
