package org.losscape.viz;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * An endpoint of the test application only, failing as a defect would, so that a test sees how
 * the API answers an exception that no resource expected.
 */
@Path("/api/test-failures/{surfaceId}")
public class FailingResource {

    /** The exception's message leaves the id out: the answer and the log must add it. */
    static final String DEFECT = "simulated defect";

    @GET
    public String fail(@PathParam("surfaceId") String surfaceId) {
        throw new IllegalStateException(DEFECT);
    }
}
