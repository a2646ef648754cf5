package org.losscape.projection.surfaces;

import ai.djl.Model;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.losscape.directions.Directions;
import org.losscape.evaluation.LossAccuracy;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.messages.SurfacePlanned.TrajectorySpec;
import org.losscape.projection.DataConfig;
import org.losscape.projection.api.ApiException;
import org.losscape.projection.runs.CheckpointReader;
import org.losscape.storage.ObjectStore;
import org.losscape.trajectory.PathPoint;
import org.losscape.trajectory.TrajectoryPca;
import org.losscape.trajectory.TrajectoryPlane;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/**
 * Plans the PCA plane of a run's trajectory (Li et al. 2018, section 7): reads the checkpoints
 * θ_0 … θ_n of the path one after the other, evaluates each on the surface's
 * evaluation set (its true loss, drawn beside the surface value at its projection), fits the
 * plane with {@link TrajectoryPca}, and plans the surface θ_n + α·d1 + β·d2 on a grid that
 * covers the projected path.
 *
 * <p>The surface has kind {@code pca}, direction normalization {@code pca}, seed 0 (there is
 * no draw) and, in {@code trajectory}, the explained-variance ratio of d1 and d2 and one point
 * per checkpoint (epoch, coordinates, distance from the plane, true loss and accuracy). Grid
 * coordinates are distances in parameter space: both directions have unit norm.
 *
 * <p>Memory: every checkpoint of the path is held on the host while the plane is fitted (and
 * once more as a flat copy inside the fit), about 2 × 1.1 MB per ResNet-20 checkpoint.
 */
@ApplicationScoped
class PcaPlanner {

    private final ObjectStore store;
    private final PlanValidator validator;
    private final SurfacePlanner planner;
    private final DataConfig data;

    PcaPlanner(ObjectStore store, PlanValidator validator, SurfacePlanner planner,
            DataConfig data) {
        this.store = store;
        this.validator = validator;
        this.planner = planner;
        this.data = data;
    }

    SurfacePlanned plan(PcaPlan plan, String surfaceId) {
        Timer.Sample started = planner.startTimer();

        List<ParameterTensors> thetas = new ArrayList<>(plan.epochs().size());
        List<LossAccuracy> values = new ArrayList<>(plan.epochs().size());
        String model = plan.run().model();
        String dataset = plan.run().dataset();
        // Loading a checkpoint replaces a block's arrays, which an evaluator must not see:
        // checkpoints are read in one model and written in place into the evaluated one.
        try (Model reader = CheckpointReader.newModel(model, dataset);
                Model evaluated = CheckpointReader.newModel(model, dataset);
                PathEvaluator evaluator =
                        PathEvaluator.open(evaluated, plan.evalSet(),
                                data.locationOf(plan.evalSet().dataset()))) {
            for (int epoch : plan.epochs()) {
                Checkpoints.load(reader, store.get(plan.run().checkpoints().get(epoch)));
                ParameterTensors theta = ParameterTensors.of(reader.getBlock());
                thetas.add(theta);
                theta.restoreInto(evaluated.getBlock());
                values.add(evaluator.evaluate());
            }
        }

        TrajectoryPlane plane;
        try {
            plane = TrajectoryPca.fit(thetas, plan.includeBiasAndBatchNorm());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("runId", "run " + plan.run().runId() + " up to epoch "
                    + plan.epoch() + " has no PCA plane: " + e.getMessage());
        }
        GridSpec grid = validator.pcaGrid(plan,
                plane.coveringGrid(plan.xPoints(), plan.yPoints(), plan.margin()));

        String xKey = planner.storeDirection(surfaceId, "x", plane.direction1());
        String yKey = planner.storeDirection(surfaceId, "y", plane.direction2());
        SurfacePlanned surface = new SurfacePlanned(
                surfaceId,
                plan.run().runId(),
                plan.run().model(),
                plan.epoch(),
                plan.checkpointKey(),
                grid,
                new DirectionSpec(/* seed= */ 0, SurfacePlanned.PCA,
                        plan.includeBiasAndBatchNorm(),
                        Directions.cosine(plane.direction1(), plane.direction2()),
                        /* moveBatchNormStatistics= */ false),
                plan.evalSet(),
                xKey,
                yKey,
                SurfacePlan.chunkCount(grid, plan.chunkSize()),
                Instant.now(),
                SurfacePlanned.PCA,
                null,
                trajectory(plan, plane, values),
                null);
        return planner.publish(surface, plan.chunkSize(), "request", started);
    }

    private static TrajectorySpec trajectory(
            PcaPlan plan, TrajectoryPlane plane, List<LossAccuracy> values) {
        List<TrajectoryPoint> path = new ArrayList<>(plane.path().size());
        for (PathPoint point : plane.path()) {
            LossAccuracy value = values.get(point.checkpoint());
            path.add(new TrajectoryPoint(plan.epochs().get(point.checkpoint()), point.x(),
                    point.y(), point.residual(), value.loss(), value.accuracy()));
        }
        double[] ratio = plane.explainedVarianceRatio();
        return new TrajectorySpec(List.of(ratio[0], ratio[1]), path);
    }
}
