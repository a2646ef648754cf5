package org.losscape.projection.surfaces;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.losscape.messages.SurfacePlanned;
import org.losscape.projection.api.ApiException;
import org.losscape.projection.runs.Run;
import org.losscape.projection.runs.RunIndex;
import org.losscape.projection.surfaces.SurfaceRequest.EvalSetRequest;

/**
 * {@code POST /comparisons}: plans one surface per run with the same seed and grid in one group
 * (202 with the {@link SurfaceGroup} once every surface's chunks are on Kafka). Every run is
 * validated before the first surface is planned.
 */
@Path("/comparisons")
@Produces(MediaType.APPLICATION_JSON)
public class ComparisonResource {

    /** Runs in one comparison: more would not fit side by side on a page. */
    static final int MAX_RUNS = 16;

    private final PlanValidator validator;
    private final SurfacePlanner planner;
    private final RunIndex runs;

    ComparisonResource(PlanValidator validator, SurfacePlanner planner, RunIndex runs) {
        this.validator = validator;
        this.planner = planner;
        this.runs = runs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response compare(ComparisonRequest request) {
        List<SurfacePlan> plans = validate(request);

        String groupId = UUID.randomUUID().toString();
        List<SurfacePlanned> surfaces = new ArrayList<>(plans.size());
        for (SurfacePlan plan : plans) {
            surfaces.add(planner.plan(plan.inGroup(groupId), UUID.randomUUID().toString(),
                    "request"));
        }
        return SurfaceResource.accepted(new SurfaceGroup(groupId, surfaces));
    }

    private List<SurfacePlan> validate(ComparisonRequest request) {
        PlanValidator.requireBody(request);
        List<String> runIds = request.runIds();
        if (runIds == null || runIds.size() < 2 || runIds.size() > MAX_RUNS) {
            throw ApiException.invalid("runIds", "runIds (" + (runIds == null ? 0 : runIds.size())
                    + " given) must name 2 to " + MAX_RUNS + " runs");
        }
        if (runIds.contains(null) || new HashSet<>(runIds).size() != runIds.size()) {
            throw ApiException.invalid("runIds", "runIds (" + runIds + ") must be distinct");
        }

        EvalSetRequest evalSet = sharedEvalSet(request.evalSet(), runIds.get(0));
        List<SurfacePlan> plans = new ArrayList<>(runIds.size());
        for (String runId : runIds) {
            try {
                plans.add(validator.validate(request.forRun(runId, evalSet)));
            } catch (ApiException e) {
                throw "runId".equals(e.field()) ? e.withField("runIds") : e;
            }
        }
        return plans;
    }

    /** The evaluation set with the first run's data set filled in, so all runs share it. */
    private EvalSetRequest sharedEvalSet(EvalSetRequest requested, String firstRunId) {
        if (requested != null && requested.dataset() != null) {
            return requested;
        }
        String runId = PlanValidator.runId("runIds", firstRunId);
        Run first = runs.find(runId, null).orElseThrow(() ->
                ApiException.notFound("runIds", "run " + runId + " is not known"));
        return requested == null
                ? new EvalSetRequest(first.dataset(), null, null)
                : new EvalSetRequest(first.dataset(), requested.split(), requested.size());
    }
}
