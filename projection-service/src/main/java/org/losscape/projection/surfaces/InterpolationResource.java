package org.losscape.projection.surfaces;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /interpolations}: plans the train and test curves of the interpolation between
 * two solutions (202 with the {@link SurfaceGroup} once both surfaces' chunks are on Kafka).
 */
@Path("/interpolations")
@Produces(MediaType.APPLICATION_JSON)
public class InterpolationResource {

    private final InterpolationPlanner planner;

    InterpolationResource(InterpolationPlanner planner) {
        this.planner = planner;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response interpolate(InterpolationRequest request) {
        return SurfaceResource.accepted(planner.plan(request));
    }
}
