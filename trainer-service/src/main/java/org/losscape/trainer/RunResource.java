package org.losscape.trainer;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.losscape.data.Datasets;
import org.losscape.data.ImageSet;
import org.losscape.data.Split;
import org.losscape.training.InvalidFieldException;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingLoop;

/**
 * Training runs: {@code POST /runs} queues one, {@code GET /runs} lists them,
 * {@code GET /runs/{id}} shows one, {@code POST /runs/{id}/cancel} cancels one. Errors come
 * back as JSON from {@link ErrorResponses}.
 *
 * <p>Cancelling is a POST on the run rather than a DELETE of it: the run is not removed. It
 * stays listed, and its checkpoints and {@code run.json} stay in the object store.
 */
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunQueue queue;
    private final DatasetCache datasets;
    private final TrainerConfig config;

    RunResource(RunQueue queue, DatasetCache datasets, TrainerConfig config) {
        this.queue = queue;
        this.datasets = datasets;
        this.config = config;
    }

    /**
     * Validates the request against the data set and queues the run: 201 with the run and its
     * location, 400 naming a bad field or for a missing body, 415 for a body not declared as
     * JSON, 429 when the queue is full.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RunRequest body, @Context HttpHeaders headers, @Context UriInfo uri) {
        if (body == null) {
            throw new MissingBodyException(config.defaults());
        }
        requireJson(headers.getMediaType());

        String dataset = body.datasetOr(config.defaults());
        try {
            Datasets.checkName(dataset);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("dataset", e.getMessage(), e);
        }
        ImageSet train = datasets.get(dataset, Split.TRAIN);
        ImageSet test = datasets.get(dataset, Split.TEST);
        TrainingConfig training = body.toConfig(config.defaults(), train.size(), test.size());
        TrainingLoop.checkSizes(training, train, test);

        RunView run = queue.submit(training, body.autoSurface());
        return Response.created(uri.getAbsolutePathBuilder().path(run.id()).build())
                .entity(run)
                .build();
    }

    @GET
    public List<RunView> list() {
        return queue.all();
    }

    @GET
    @Path("/{id}")
    public RunView get(@PathParam("id") String id) {
        return queue.get(id);
    }

    /**
     * Cancels a queued run at once (200, state CANCELLED) or asks a running one to stop before
     * its next training step (202, state RUNNING with {@code cancelRequestedAt}, until it is
     * CANCELLED). 404 for an unknown id, 409 for a run that has ended.
     */
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        RunView run = queue.cancel(id);
        int status = run.state() == RunState.RUNNING ? 202 : 200;
        return Response.status(status).entity(run).build();
    }

    /** Not supported: says how to cancel instead, since DELETE is what many would try. */
    @DELETE
    @Path("/{id}")
    public Response delete() {
        throw new NotAllowedException("runs are not deleted: a run and its checkpoints stay;"
                + " POST /runs/{id}/cancel stops a queued or running run", "GET",
                new String[0]);
    }

    /**
     * JAX-RS lets a request without Content-Type (or with a wildcard) through to a method that
     * consumes JSON; such a body was not declared as JSON and is refused like any other type.
     */
    private static void requireJson(MediaType type) {
        if (type == null || type.isWildcardType() || type.isWildcardSubtype()) {
            throw new NotSupportedException();
        }
    }
}
