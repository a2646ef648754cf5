package org.losscape.projection.runs;

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
import java.util.Map;
import org.losscape.interchange.Safetensors;
import org.losscape.messages.CheckpointEvent;
import org.losscape.model.ModelSpec;
import org.losscape.projection.api.ApiException;
import org.losscape.weights.ParameterTensors;

/**
 * {@code /runs/{runId}/checkpoints}: a stored checkpoint as safetensors under PyTorch's names
 * ({@code GET /{epoch}.safetensors}), and the import of one trained elsewhere
 * ({@code POST /{epoch}}, see {@link CheckpointImporter}).
 */
@Path("/runs/{runId}/checkpoints")
public class CheckpointResource {

    private static final String SAFETENSORS = "application/octet-stream";

    /** The largest epoch of a path: nine digits, which an int always holds. */
    static final int MAX_EPOCH = 999_999_999;

    private final RunIndex runs;
    private final CheckpointReader checkpoints;
    private final CheckpointImporter importer;

    CheckpointResource(RunIndex runs, CheckpointReader checkpoints, CheckpointImporter importer) {
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.importer = importer;
    }

    /**
     * The checkpoint of {@code epoch} as safetensors, loadable with
     * {@code model.load_state_dict(safetensors.torch.load_file(path))} into the reference
     * code's model of the same name. Metadata: {@code runId}, {@code epoch}, {@code dataset},
     * {@code model}.
     */
    @GET
    @Path("/{epoch}.safetensors")
    @Produces(SAFETENSORS)
    public Response export(@PathParam("runId") String runId,
            @PathParam("epoch") String epochText) {
        RunIds.check("runId", runId);
        int epoch = epoch(epochText);
        Run run = runs.find(runId, epoch).orElseThrow(() ->
                ApiException.notFound("runId", "run " + runId + " is not known"));
        if (!run.checkpoints().containsKey(epoch)) {
            throw ApiException.notFound("epoch", "run " + runId + " has no checkpoint of epoch "
                    + epoch + "; stored epochs: " + run.checkpoints().keySet());
        }

        ParameterTensors theta = checkpoints.read(run, epoch);
        byte[] bytes = Safetensors.export(theta, ModelSpec.parse(run.model()), Map.of(
                "runId", runId,
                "epoch", Integer.toString(epoch),
                "dataset", run.dataset()));
        return Response.ok(bytes, SAFETENSORS)
                .header("Content-Disposition", "attachment; filename=\"" + runId + "-epoch-"
                        + epoch + ".safetensors\"")
                .build();
    }

    /**
     * Imports a safetensors state dict as checkpoint {@code epoch}: 201 with the published
     * {@link CheckpointEvent}; 400 naming {@code model}, {@code dataset}, {@code epochs} or
     * {@code body} (a missing, extra, non-F32 or misshapen tensor, by name) or {@code epoch}
     * (not a whole number in [0, {@value #MAX_EPOCH}]); 409 naming {@code epoch} if that
     * checkpoint exists.
     */
    @POST
    @Path("/{epoch}")
    @Consumes({SAFETENSORS, "application/safetensors"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response importCheckpoint(@PathParam("runId") String runId,
            @PathParam("epoch") String epochText, @QueryParam("model") String model,
            @QueryParam("dataset") String dataset, @QueryParam("epochs") Integer epochs,
            byte[] body) {
        int epoch = epoch(epochText);

        CheckpointEvent event = importer.importCheckpoint(
                runId, epoch, model, dataset, epochs, body);
        return Response.created(URI.create(
                        "/runs/" + runId + "/checkpoints/" + epoch + ".safetensors"))
                .entity(event)
                .build();
    }

    /**
     * The epoch of a path. Checked here rather than by a pattern in {@code @Path}, which would
     * answer {@code -1} or {@code abc} with a 404 that does not say what is wrong.
     */
    private static int epoch(String text) {
        if (!text.matches("[0-9]{1,9}")) {
            throw ApiException.invalid("epoch", "epoch (" + text + ") must be a whole number in"
                    + " [0, " + MAX_EPOCH + "]");
        }
        return Integer.parseInt(text);
    }
}
