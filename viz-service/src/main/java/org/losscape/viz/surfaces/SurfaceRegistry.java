package org.losscape.viz.surfaces;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.PointValue;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.viz.VizConfig;
import org.losscape.viz.VizMetrics;
import org.losscape.viz.events.LiveEvents;

/**
 * Every surface this service knows, keyed by surface id, and the values that arrived before
 * their surface's plan.
 *
 * <p>Plans come from {@code surfaces}, values from {@code surface-values}: two topics, so
 * values may overtake their plan, most of all while both topics are replayed at start. Such
 * values wait here (at most {@code losscape.viz.pending-points-limit} points in all) and are
 * applied when the plan arrives. A second plan for a known surface id is ignored. Thread-safe.
 */
@ApplicationScoped
public class SurfaceRegistry {

    private static final Logger LOG = Logger.getLogger(SurfaceRegistry.class);

    /** The largest grid accepted, as in the grid validation of the projection service. */
    static final int MAX_POINTS = 1_000_000;

    /**
     * The order of a group's surfaces: training split before test split (the two curves of an
     * interpolation), then by plan time, direction seed and id.
     */
    public static final Comparator<SurfaceSummary> GROUP_ORDER =
            Comparator.comparingInt((SurfaceSummary s) -> isTestSplit(s.evalSet()) ? 1 : 0)
                    .thenComparing(
                            SurfaceSummary::createdAt,
                            Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                    .thenComparingLong(
                            s -> s.directions() == null ? 0 : s.directions().seed())
                    .thenComparing(SurfaceSummary::surfaceId);

    private final Map<String, SurfaceAssembly> surfaces = new ConcurrentHashMap<>();
    private final Map<String, List<SentChunk>> pending = new HashMap<>();
    private int pendingPoints;

    private final VizConfig config;
    private final VizMetrics metrics;
    private final LiveEvents events;
    private final Event<SurfaceCompleted> completed;
    private final Clock clock;

    @Inject
    public SurfaceRegistry(
            VizConfig config,
            VizMetrics metrics,
            LiveEvents events,
            Event<SurfaceCompleted> completed) {
        this(config, metrics, events, completed, Clock.systemUTC());
    }

    SurfaceRegistry(
            VizConfig config,
            VizMetrics metrics,
            LiveEvents events,
            Event<SurfaceCompleted> completed,
            Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.events = events;
        this.completed = completed;
        this.clock = clock;
    }

    /** Registers a planned surface and applies any values that arrived before it. */
    public void plan(SurfacePlanned plan) {
        String problem = problemWith(plan);
        if (problem != null) {
            LOG.warnf("dropped surface plan %s: %s", plan.surfaceId(), problem);
            return;
        }

        SurfaceAssembly assembly = new SurfaceAssembly(plan);
        List<SentChunk> early;
        synchronized (this) {
            if (surfaces.putIfAbsent(plan.surfaceId(), assembly) != null) {
                return;
            }
            early = pending.remove(plan.surfaceId());
            if (early != null) {
                pendingPoints -= countPoints(early);
                metrics.pendingPoints(pendingPoints);
            }
        }

        LOG.infof(
                "surface %s planned: %d × %d points for run %s epoch %d",
                plan.surfaceId(),
                plan.grid().x().points(),
                plan.grid().y().points(),
                plan.runId(),
                plan.epoch());
        events.publish(LiveEvents.SURFACE, assembly.summary());
        if (early != null) {
            for (SentChunk waiting : early) {
                apply(assembly, waiting.chunk(), waiting.sentAt(), /* archive= */ true);
            }
        }
    }

    /**
     * Stores the new points of {@code chunk}, sent at {@code sentAt} (its record's timestamp), or
     * keeps it until its surface is planned. A null {@code sentAt}, from a record without a
     * timestamp, is taken as now.
     */
    public void values(ChunkValues chunk, Instant sentAt) {
        Instant time = sentAt == null ? clock.instant() : sentAt;
        SurfaceAssembly assembly;
        synchronized (this) {
            assembly = surfaces.get(chunk.surfaceId());
            if (assembly == null) {
                keepUntilPlanned(new SentChunk(chunk, time));
                return;
            }
        }
        apply(assembly, chunk, time, /* archive= */ true);
    }

    /**
     * Notes that the surface workers gave up on {@code chunk} for {@code reason} (null when
     * unknown). The chunk carries its whole plan, so a surface whose plan has not arrived yet
     * is planned from it: the failure shows at once, whichever topic is read first.
     */
    public void deadLettered(SurfaceChunk chunk, String reason) {
        SurfacePlanned plan = chunk.surface();
        if (find(plan.surfaceId()).isEmpty()) {
            plan(plan);
        }
        SurfaceAssembly assembly = surfaces.get(plan.surfaceId());
        if (assembly == null) {
            // plan() has logged why it dropped the plan.
            return;
        }

        int newlyFailed =
                assembly.deadLettered(chunk.firstPoint(), chunk.pointCount(), reason);

        if (newlyFailed > 0) {
            LOG.warnf(
                    "surface %s chunk %d: %d points could not be evaluated: %s",
                    plan.surfaceId(),
                    chunk.chunkIndex(),
                    newlyFailed,
                    reason);
            events.publish(LiveEvents.SURFACE, assembly.summary());
        }
    }

    /**
     * Reads back a surface from the archive: its plan and stored values. Values already known
     * count as duplicates; the surface is not archived again.
     */
    public void restore(SurfacePlanned plan, SurfaceValues values) {
        plan(plan);
        SurfaceAssembly assembly = surfaces.get(plan.surfaceId());
        if (assembly != null) {
            // The archive keeps no times: those come from the Kafka copies, if still retained.
            apply(assembly, asChunk(plan, values), /* sentAt= */ null, /* archive= */ false);
        }
    }

    public Optional<SurfaceSummary> summary(String surfaceId) {
        return find(surfaceId).map(SurfaceAssembly::summary);
    }

    public Optional<SurfaceValues> values(String surfaceId) {
        return find(surfaceId).map(SurfaceAssembly::values);
    }

    /** Summaries, newest plan first. */
    public List<SurfaceSummary> summaries() {
        return surfaces.values().stream()
                .map(SurfaceAssembly::summary)
                .sorted(
                        Comparator.comparing(
                                        SurfaceSummary::createdAt,
                                        Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                                .reversed())
                .toList();
    }

    /**
     * The surfaces of group {@code groupId} with their values, in {@link #GROUP_ORDER}; empty
     * for an unknown group. Each member's snapshot is consistent; members are taken one after
     * the other.
     */
    public List<SurfaceSnapshot> group(String groupId) {
        return members(groupId).stream().map(SurfaceAssembly::snapshot).toList();
    }

    /**
     * The surface of the same group that holds the same points evaluated on the other split
     * of the same data set (train ↔ test): same kind, run, checkpoint, grid and interpolation
     * end. Empty when there is none or more than one.
     */
    Optional<SurfaceAssembly> splitTwin(SurfaceAssembly surface) {
        SurfacePlanned plan = surface.plan();
        if (plan.groupId() == null || plan.evalSet() == null) {
            return Optional.empty();
        }
        boolean test = isTestSplit(plan.evalSet());
        List<SurfaceAssembly> twins =
                members(plan.groupId()).stream()
                        .filter(other -> other != surface)
                        .filter(other -> sameSamplesOtherSplit(plan, other.plan(), test))
                        .toList();
        return twins.size() == 1 ? Optional.of(twins.get(0)) : Optional.empty();
    }

    private List<SurfaceAssembly> members(String groupId) {
        return surfaces.values().stream()
                .filter(surface -> groupId.equals(surface.plan().groupId()))
                .sorted(Comparator.comparing(SurfaceAssembly::summary, GROUP_ORDER))
                .toList();
    }

    private static boolean sameSamplesOtherSplit(
            SurfacePlanned plan, SurfacePlanned other, boolean test) {
        return other.evalSet() != null
                && isTestSplit(other.evalSet()) != test
                && Objects.equals(plan.evalSet().dataset(), other.evalSet().dataset())
                && Objects.equals(plan.kind(), other.kind())
                && Objects.equals(plan.runId(), other.runId())
                && plan.epoch() == other.epoch()
                && Objects.equals(plan.checkpointKey(), other.checkpointKey())
                && Objects.equals(plan.grid(), other.grid())
                && Objects.equals(plan.interpolation(), other.interpolation());
    }

    static boolean isTestSplit(EvalSetSpec evalSet) {
        return evalSet != null && "test".equalsIgnoreCase(evalSet.split());
    }

    Optional<SurfaceAssembly> find(String surfaceId) {
        return Optional.ofNullable(surfaces.get(surfaceId));
    }

    private void apply(
            SurfaceAssembly assembly, ChunkValues chunk, Instant sentAt, boolean archive) {
        SurfaceAssembly.Outcome outcome = assembly.accept(chunk, sentAt);

        metrics.pointsReceived(outcome.fresh());
        metrics.duplicatesDropped(outcome.duplicates());
        if (outcome.invalid() > 0) {
            metrics.invalidDropped(outcome.invalid());
            LOG.warnf(
                    "dropped %d points of surface %s chunk %d: index outside the grid or not"
                            + " i * y.points + j",
                    outcome.invalid(),
                    chunk.surfaceId(),
                    chunk.chunkIndex());
        }
        if (outcome.fresh() > 0 || outcome.timed() > 0) {
            events.publish(LiveEvents.SURFACE, assembly.summary());
        }
        if (outcome.completedNow()) {
            metrics.surfaceCompleted();
            LOG.infof("surface %s complete", chunk.surfaceId());
            if (archive) {
                completed.fireAsync(new SurfaceCompleted(chunk.surfaceId()));
            }
        }
    }

    private void keepUntilPlanned(SentChunk waiting) {
        ChunkValues chunk = waiting.chunk();
        int points = chunk.points().size();
        if (pendingPoints + points > config.pendingPointsLimit()) {
            metrics.pendingOverflowDropped(points);
            LOG.warnf(
                    "dropped chunk %d of unknown surface %s: %d points already wait for their"
                            + " plan (losscape.viz.pending-points-limit = %d)",
                    chunk.chunkIndex(),
                    chunk.surfaceId(),
                    pendingPoints,
                    config.pendingPointsLimit());
            return;
        }
        pending.computeIfAbsent(chunk.surfaceId(), id -> new ArrayList<>()).add(waiting);
        pendingPoints += points;
        metrics.pendingPoints(pendingPoints);
    }

    private static int countPoints(List<SentChunk> chunks) {
        return chunks.stream().mapToInt(waiting -> waiting.chunk().points().size()).sum();
    }

    /** A chunk waiting for its plan, with the time it was sent. */
    private record SentChunk(ChunkValues chunk, Instant sentAt) {}

    private static String problemWith(SurfacePlanned plan) {
        if (plan.surfaceId() == null) {
            return "no surfaceId";
        }
        GridSpec grid = plan.grid();
        if (grid == null || grid.x() == null || grid.y() == null) {
            return "no grid";
        }
        if (grid.x().points() < 1 || grid.y().points() < 1) {
            return "grid x.points (" + grid.x().points() + ") and y.points ("
                    + grid.y().points() + ") must be at least 1";
        }
        long total = (long) grid.x().points() * grid.y().points();
        if (total > MAX_POINTS) {
            return "grid has " + total + " points, more than " + MAX_POINTS;
        }
        return null;
    }

    /** The archived values as one chunk; α and β are left to the assembly, from the grid. */
    private static ChunkValues asChunk(SurfacePlanned plan, SurfaceValues values) {
        int yPoints = plan.grid().y().points();
        List<PointValue> points = new ArrayList<>();
        for (int i = 0; i < values.loss().length; i++) {
            for (int j = 0; j < values.loss()[i].length; j++) {
                Double loss = values.loss()[i][j];
                if (loss != null) {
                    Double accuracy = values.accuracy()[i][j];
                    points.add(
                            new PointValue(
                                    i * yPoints + j,
                                    i,
                                    j,
                                    /* alpha= */ 0,
                                    /* beta= */ 0,
                                    loss,
                                    accuracy == null ? Double.NaN : accuracy));
                }
            }
        }
        return new ChunkValues(plan.surfaceId(), -1, "archive", 0, points);
    }
}
