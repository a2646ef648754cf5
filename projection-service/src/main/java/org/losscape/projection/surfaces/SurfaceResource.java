package org.losscape.projection.surfaces;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.losscape.interchange.Safetensors;
import org.losscape.messages.SurfacePlanned;
import org.losscape.model.ModelSpec;
import org.losscape.projection.api.ApiException;
import org.losscape.storage.ObjectStore;
import org.losscape.weights.ParameterTensors;

/**
 * {@code /surfaces}: plan a surface ({@code POST}, 202 once its chunks are on Kafka; evaluation
 * goes on in the surface workers), list the planned surfaces (of one group with
 * {@code ?groupId=}), look one up, and download its directions as safetensors.
 *
 * <p>{@code POST} answers with the {@link SurfacePlanned}, or with a {@link SurfaceGroup} when
 * the request has {@code seeds} (one surface per seed).
 */
@Path("/surfaces")
@Produces(MediaType.APPLICATION_JSON)
public class SurfaceResource {

    private static final String SAFETENSORS = "application/octet-stream";

    private final PlanValidator validator;
    private final SurfacePlanner planner;
    private final PcaPlanner pcaPlanner;
    private final SurfaceCatalog catalog;
    private final ObjectStore store;

    SurfaceResource(PlanValidator validator, SurfacePlanner planner, PcaPlanner pcaPlanner,
            SurfaceCatalog catalog, ObjectStore store) {
        this.validator = validator;
        this.planner = planner;
        this.pcaPlanner = pcaPlanner;
        this.catalog = catalog;
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response plan(SurfaceRequest request) {
        if (validator.directions(request).equals(PlanValidator.PCA)) {
            PcaPlan plan = validator.validatePca(request);
            return accepted(pcaPlanner.plan(plan, newId()));
        }
        if (request.seeds() != null) {
            List<SurfacePlan> plans = validator.validateSeeds(request);
            String groupId = newId();
            List<SurfacePlanned> surfaces = new ArrayList<>(plans.size());
            for (SurfacePlan plan : plans) {
                surfaces.add(planner.plan(plan.inGroup(groupId), newId(), "request"));
            }
            return accepted(new SurfaceGroup(groupId, surfaces));
        }

        SurfacePlan plan = validator.validate(request);
        return accepted(planner.plan(plan, newId(), "request"));
    }

    /** Every planned surface, newest first; only those of {@code groupId} if given. */
    @GET
    public List<SurfacePlanned> list(@QueryParam("groupId") String groupId) {
        List<SurfacePlanned> all = catalog.all();
        if (groupId == null) {
            return all;
        }
        return all.stream().filter(s -> groupId.equals(s.groupId())).toList();
    }

    @GET
    @Path("/{surfaceId}")
    public SurfacePlanned get(@PathParam("surfaceId") String surfaceId) {
        return find(surfaceId);
    }

    /**
     * Direction {@code x} (α) or {@code y} (β) of a surface as safetensors under PyTorch's
     * state-dict names of the surface's model, so that θ + α·d can be formed in PyTorch.
     * Metadata: {@code surfaceId}, {@code axis}, {@code kind}, {@code normalization}, the
     * origin's {@code runId} and {@code epoch}, and {@code model}.
     */
    @GET
    @Path("/{surfaceId}/directions/{axis}.safetensors")
    @Produces(SAFETENSORS)
    public Response direction(
            @PathParam("surfaceId") String surfaceId, @PathParam("axis") String axis) {
        SurfacePlanned surface = find(surfaceId);
        String key = switch (axis) {
            case "x" -> surface.directionXKey();
            case "y" -> surface.directionYKey();
            default -> throw ApiException.notFound("axis", "axis (" + axis + ") must be x or y");
        };
        if (key == null) {
            throw ApiException.notFound("axis", "surface " + surfaceId + " is a "
                    + surface.kind() + " and has no direction " + axis);
        }

        ParameterTensors direction = ParameterTensors.fromBytes(store.get(key));
        byte[] bytes = Safetensors.export(direction, ModelSpec.parse(surface.model()), Map.of(
                "surfaceId", surfaceId,
                "axis", axis,
                "kind", surface.kind(),
                "normalization", surface.directions().normalization(),
                "runId", surface.runId(),
                "epoch", Integer.toString(surface.epoch())));
        return Response.ok(bytes, SAFETENSORS)
                .header("Content-Disposition", "attachment; filename=\"" + surfaceId
                        + "-direction-" + axis + ".safetensors\"")
                .build();
    }

    /** 202 with a planned surface or group, located where it can be read back. */
    static Response accepted(Object planned) {
        URI location = planned instanceof SurfacePlanned surface
                ? URI.create("/surfaces/" + surface.surfaceId())
                : URI.create("/surfaces?groupId=" + ((SurfaceGroup) planned).groupId());
        return Response.accepted(planned).location(location).build();
    }

    private SurfacePlanned find(String surfaceId) {
        if (!surfaceId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            throw unknown(surfaceId);
        }
        return catalog.find(surfaceId).orElseThrow(() -> unknown(surfaceId));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static ApiException unknown(String surfaceId) {
        return ApiException.notFound("surfaceId", "surface " + surfaceId + " is not known");
    }
}
