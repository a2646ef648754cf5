package org.losscape.projection.surfaces;

import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.losscape.directions.Directions;
import org.losscape.messages.Axis;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.InterpolationSpec;
import org.losscape.projection.ProjectionConfig;
import org.losscape.projection.api.ApiException;
import org.losscape.projection.runs.CheckpointReader;
import org.losscape.projection.runs.Run;
import org.losscape.projection.surfaces.InterpolationRequest.EvalSetsRequest;
import org.losscape.projection.surfaces.SurfaceRequest.AxisRequest;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/**
 * Plans the interpolation between two solutions of one model (Goodfellow et al. 2015; Keskar
 * et al. 2017, as in Li et al. 2018, section 4): f(α) = L(θ_A + α·d) with d = θ_B − θ_A over
 * every parameter, batch-norm running statistics included, so that the statistics are
 * interpolated with the weights. Two 1-D surfaces share the one stored direction and a group
 * id: one evaluated on the training set, one on the test set.
 *
 * <p>Both have kind {@code interpolation}, origin θ_A (run A's checkpoint), the second
 * solution in {@code interpolation}, direction normalization {@code interpolation} (d is not
 * rescaled), {@code includeBiasAndBatchNorm} and {@code moveBatchNormStatistics} true, seed 0.
 * Workers write θ_B itself at α = 1 and θ_A at α = 0, so both solutions are evaluated exactly
 * as they are ({@code PlaneWriter.interpolation}).
 */
@ApplicationScoped
class InterpolationPlanner {

    /** The β axis of a line. */
    private static final Axis NO_BETA = new Axis(0, 0, 1);

    private final PlanValidator validator;
    private final CheckpointReader checkpoints;
    private final SurfacePlanner planner;
    private final ProjectionConfig.Interpolation defaults;

    InterpolationPlanner(PlanValidator validator, CheckpointReader checkpoints,
            SurfacePlanner planner, ProjectionConfig config) {
        this.validator = validator;
        this.checkpoints = checkpoints;
        this.planner = planner;
        this.defaults = config.interpolation();
    }

    SurfaceGroup plan(InterpolationRequest request) {
        PlanValidator.requireBody(request);
        String runIdA = PlanValidator.runId("runA", request.runA());
        String runIdB = PlanValidator.runId("runB", request.runB());
        PlanValidator.epoch("epochA", request.epochA());
        PlanValidator.epoch("epochB", request.epochB());
        GridSpec grid = new GridSpec(alpha(request.alpha()), NO_BETA);
        PlanValidator.validateGrid(grid, "alpha");
        int chunkSize = validator.chunkSize(request.chunkSize());

        Run a = validator.findRun("runA", runIdA, "epochA", request.epochA());
        Run b = validator.findRun("runB", runIdB, "epochB", request.epochB());
        requireSameModel(a, b);
        int epochA = request.epochA() != null ? request.epochA() : a.lastEpoch();
        int epochB = request.epochB() != null ? request.epochB() : b.lastEpoch();
        if (runIdA.equals(runIdB) && epochA == epochB) {
            throw ApiException.invalid("epochB", "epochB (" + epochB + ") of run " + runIdB
                    + " is solution A itself; an interpolation needs two checkpoints");
        }
        List<EvalSetSpec> evalSets = evalSets(request.evalSets(), a);

        Timer.Sample started = planner.startTimer();
        ParameterTensors direction = direction(a, epochA, b, epochB);
        String groupId = UUID.randomUUID().toString();
        String directionKey = null;
        List<SurfacePlanned> surfaces = new ArrayList<>(evalSets.size());
        for (EvalSetSpec evalSet : evalSets) {
            String surfaceId = UUID.randomUUID().toString();
            if (directionKey == null) {
                directionKey = planner.storeDirection(surfaceId, "x", direction);
            }
            SurfacePlanned surface = new SurfacePlanned(
                    surfaceId,
                    a.runId(),
                    a.model(),
                    epochA,
                    a.checkpoints().get(epochA),
                    grid,
                    new DirectionSpec(/* seed= */ 0, SurfacePlanned.INTERPOLATION,
                            /* includeBiasAndBatchNorm= */ true, /* cosine= */ 0.0,
                            /* moveBatchNormStatistics= */ true),
                    evalSet,
                    directionKey,
                    null,
                    SurfacePlan.chunkCount(grid, chunkSize),
                    Instant.now(),
                    SurfacePlanned.INTERPOLATION,
                    groupId,
                    null,
                    new InterpolationSpec(b.runId(), epochB, b.checkpoints().get(epochB)));
            surfaces.add(planner.publish(surface, chunkSize, "request", started));
            started = planner.startTimer();
        }
        return new SurfaceGroup(groupId, surfaces);
    }

    private Axis alpha(AxisRequest request) {
        if (request == null) {
            return new Axis(defaults.alphaMin(), defaults.alphaMax(), defaults.alphaPoints());
        }
        return new Axis(
                Objects.requireNonNullElse(request.min(), defaults.alphaMin()),
                Objects.requireNonNullElse(request.max(), defaults.alphaMax()),
                Objects.requireNonNullElse(request.points(), defaults.alphaPoints()));
    }

    private static void requireSameModel(Run a, Run b) {
        if (!a.model().equals(b.model())) {
            throw ApiException.invalid("runB", "runB (" + b.runId() + ") is a " + b.model()
                    + " but runA (" + a.runId() + ") a " + a.model()
                    + "; an interpolation needs two solutions of one model");
        }
        if (!a.dataset().equals(b.dataset())) {
            throw ApiException.invalid("runB", "runB (" + b.runId() + ") was trained on "
                    + b.dataset() + " but runA (" + a.runId() + ") on " + a.dataset()
                    + "; an interpolation needs two solutions of one model and data set");
        }
    }

    /** The train and the test evaluation set, in that order. */
    private List<EvalSetSpec> evalSets(EvalSetsRequest request, Run a) {
        String dataset = request != null && request.dataset() != null
                ? request.dataset()
                : a.dataset();
        int trainSize = request != null && request.trainSize() != null
                ? request.trainSize()
                : defaults.trainSize();
        int testSize = request != null && request.testSize() != null
                ? request.testSize()
                : defaults.testSize();
        return List.of(
                validator.evalSet("evalSets.dataset", dataset, "evalSets", "train",
                        "evalSets.trainSize", trainSize, a),
                validator.evalSet("evalSets.dataset", dataset, "evalSets", "test",
                        "evalSets.testSize", testSize, a));
    }

    /** θ_B − θ_A over every parameter; 400 if the two are the same point. */
    private ParameterTensors direction(Run a, int epochA, Run b, int epochB) {
        ParameterTensors thetaA = checkpoints.read(a, epochA);
        ParameterTensors thetaB = checkpoints.read(b, epochB);
        ParameterTensors direction;
        try {
            direction = Directions.between(thetaA, thetaB);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("runB", "runB (" + b.runId() + ") epoch " + epochB
                    + " is not laid out like runA (" + a.runId() + ") epoch " + epochA + ": "
                    + e.getMessage());
        }
        if (isZero(direction)) {
            throw ApiException.invalid("runB", "runB (" + b.runId() + ") epoch " + epochB
                    + " has exactly the parameters of runA (" + a.runId() + ") epoch "
                    + epochA + "; there is nothing to interpolate");
        }
        return direction;
    }

    private static boolean isZero(ParameterTensors direction) {
        for (ParameterTensor tensor : direction) {
            for (int v = 0; v < tensor.size(); v++) {
                if (tensor.value(v) != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
