package org.losscape.viz.runs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.losscape.viz.api.ApiException;
import org.losscape.viz.api.Ids;

/** Training runs: {@code GET /api/runs} and {@code GET /api/runs/{runId}}. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunIndex runs;

    RunResource(RunIndex runs) {
        this.runs = runs;
    }

    /** Every run, most recently updated first. */
    @GET
    public List<RunSummary> list() {
        return runs.summaries();
    }

    /** One run with its metric history; 404 for an unknown id. */
    @GET
    @Path("{runId}")
    public RunDetail get(@PathParam("runId") String runId) {
        Ids.requireRunId("runId", runId);
        return runs.detail(runId).orElseThrow(() -> ApiException.notFound("run", "runId", runId));
    }
}
