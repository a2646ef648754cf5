package org.losscape.projection.surfaces;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.losscape.messages.SurfacePlanned;
import org.losscape.projection.api.ApiException;

/**
 * {@code /surfaces}: plan a surface ({@code POST}, 202 with the {@link SurfacePlanned} once its
 * chunks are on Kafka; evaluation goes on in the surface workers), list the planned surfaces
 * and look one up.
 */
@Path("/surfaces")
@Produces(MediaType.APPLICATION_JSON)
public class SurfaceResource {

    private final PlanValidator validator;
    private final SurfacePlanner planner;
    private final SurfaceCatalog catalog;

    SurfaceResource(PlanValidator validator, SurfacePlanner planner, SurfaceCatalog catalog) {
        this.validator = validator;
        this.planner = planner;
        this.catalog = catalog;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response plan(SurfaceRequest request) {
        SurfacePlan plan = validator.validate(request);

        SurfacePlanned surface = planner.plan(plan, UUID.randomUUID().toString(), "request");
        return Response.accepted(surface)
                .location(URI.create("/surfaces/" + surface.surfaceId()))
                .build();
    }

    /** Every planned surface, newest first. */
    @GET
    public List<SurfacePlanned> list() {
        return catalog.all();
    }

    @GET
    @Path("/{surfaceId}")
    public SurfacePlanned get(@PathParam("surfaceId") String surfaceId) {
        if (!surfaceId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            throw unknown(surfaceId);
        }
        return catalog.find(surfaceId).orElseThrow(() -> unknown(surfaceId));
    }

    private static ApiException unknown(String surfaceId) {
        return ApiException.notFound("surfaceId", "surface " + surfaceId + " is not known");
    }
}
