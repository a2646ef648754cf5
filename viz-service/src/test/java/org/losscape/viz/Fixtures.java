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
import org.losscape.messages.SurfacePlanned;
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
        return new SurfacePlanned(
                surfaceId,
                "run-of-" + surfaceId,
                "resnet20",
                3,
                ObjectKeys.checkpoint("run-of-" + surfaceId, 3),
                new GridSpec(new Axis(-1, 1, xPoints), new Axis(-0.5, 0.5, yPoints)),
                new DirectionSpec(7, "filter", false, 0.01),
                new EvalSetSpec("cifar10", "test", 200),
                ObjectKeys.direction(surfaceId, "x"),
                ObjectKeys.direction(surfaceId, "y"),
                (xPoints * yPoints + 3) / 4,
                Instant.parse("2025-01-31T12:00:00Z"));
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
                Instant.parse("2025-01-31T12:00:00Z").plusSeconds(60L * epoch));
    }
}
