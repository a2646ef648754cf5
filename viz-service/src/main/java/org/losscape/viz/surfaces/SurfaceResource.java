package org.losscape.viz.surfaces;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.losscape.export.SurfaceExport;
import org.losscape.export.SurfaceFormat;
import org.losscape.export.SurfaceTable;
import org.losscape.export.TrajectoryTable;
import org.losscape.messages.Axis;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.PointValue;
import org.losscape.messages.SurfacePlanned;
import org.losscape.viz.api.ApiException;
import org.losscape.viz.api.Ids;
import org.losscape.viz.events.LiveEvent;
import org.losscape.viz.events.SseStreams;

/**
 * Surfaces: the list, one surface's metadata, its values as JSON or CSV, and a live stream of
 * its arriving points. Unknown ids give 404, malformed parameters 400, both as JSON errors.
 */
@Path("/api/surfaces")
public class SurfaceResource {

    /** Name of the first event of {@code /events}: a {@link SurfaceSnapshot}. */
    static final String SNAPSHOT_EVENT = "snapshot";

    /** Name of the following events of {@code /events}: a {@link ChunkUpdate} each. */
    static final String CHUNK_EVENT = "chunk";

    private static final String CSV_HEADER = "index,i,j,alpha,beta,loss,accuracy\n";

    private final SurfaceRegistry registry;
    private final SseStreams streams;

    SurfaceResource(SurfaceRegistry registry, SseStreams streams) {
        this.registry = registry;
        this.streams = streams;
    }

    /** Surfaces, newest first, optionally only those of one run, one group or in one state. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<SurfaceSummary> list(
            @QueryParam("runId") String runId,
            @QueryParam("groupId") String groupId,
            @QueryParam("state") String state) {
        String wantedState = state == null ? null : parseState(state).label();
        if (runId != null) {
            Ids.requireRunId("runId", runId);
        }
        if (groupId != null) {
            Ids.requireSurfaceId("groupId", groupId);
        }

        return registry.summaries().stream()
                .filter(surface -> runId == null || runId.equals(surface.runId()))
                .filter(surface -> groupId == null || groupId.equals(surface.groupId()))
                .filter(surface -> wantedState == null || wantedState.equals(surface.state()))
                .toList();
    }

    @GET
    @Path("{surfaceId}")
    @Produces(MediaType.APPLICATION_JSON)
    public SurfaceSummary get(@PathParam("surfaceId") String surfaceId) {
        return require(surfaceId).summary();
    }

    /** The values as {@code [x.points][y.points]} arrays; see {@link SurfaceValues}. */
    @GET
    @Path("{surfaceId}/values")
    @Produces(MediaType.APPLICATION_JSON)
    public SurfaceValues values(@PathParam("surfaceId") String surfaceId) {
        return require(surfaceId).values();
    }

    /**
     * The projected training path of a {@code pca} surface with the surface's loss and
     * accuracy at each projection (bilinear from the grid, null off the grid or while a corner
     * is missing); see {@link TrajectoryView}. 404 for a surface without a trajectory.
     */
    @GET
    @Path("{surfaceId}/trajectory")
    @Produces(MediaType.APPLICATION_JSON)
    public TrajectoryView trajectory(@PathParam("surfaceId") String surfaceId) {
        SurfaceAssembly assembly = require(surfaceId);
        TrajectoryView trajectory = assembly.trajectory();
        if (trajectory == null) {
            throw ApiException.absent(
                    "surfaceId",
                    "surface '" + surfaceId + "' (kind " + assembly.plan().kind()
                            + ") has no trajectory: only pca surfaces have one");
        }
        return trajectory;
    }

    /**
     * The stored points as CSV in index order: {@code index,i,j,alpha,beta,loss,accuracy}, one
     * line per point received (missing points have no line). Numbers use Java's shortest
     * round-trip form; non-finite losses are written {@code NaN}, {@code Infinity},
     * {@code -Infinity}.
     */
    @GET
    @Path("{surfaceId}/values.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("surfaceId") String surfaceId) {
        List<PointValue> points = require(surfaceId).points();

        StreamingOutput body =
                output -> {
                    Writer writer =
                            new BufferedWriter(
                                    new OutputStreamWriter(output, StandardCharsets.UTF_8));
                    writer.write(CSV_HEADER);
                    for (PointValue p : points) {
                        writer.write(csvLine(p));
                    }
                    writer.flush();
                };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + surfaceId + ".csv\"")
                .build();
    }

    /**
     * The surface as a file in {@code format}: {@code h5} (HDF5 in the reference code's layout,
     * {@code train_loss}/{@code train_acc} [ny][nx]), {@code vtp} (ParaView), {@code csv} or
     * {@code json} (the HDF5 keys, values [nx][ny]). Points not received yet are NaN there,
     * like diverged ones: use {@code /values} to tell them apart. 400 naming {@code format}
     * for a missing or unknown format; 409 naming {@code surfaceId} when a grid coordinate is
     * not finite, which the file layouts cannot place.
     *
     * <p>When the surface's group holds the same points evaluated on the other split (the
     * train and test curves of an interpolation), the file carries both: the training split as
     * {@code train_loss}/{@code train_acc} and the test split as {@code test_loss}/{@code
     * test_acc}, whichever of the two was asked for. Otherwise {@code train_*} hold the
     * surface's own evaluation set, whatever its split (as in the reference code).
     *
     * <p>The HDF5 file of a {@code pca} surface also holds its training path as planned, one
     * entry per checkpoint: {@code proj_xcoord} and {@code proj_ycoord} (the reference code's
     * names), {@code proj_epochs}, {@code proj_residual}, {@code proj_true_loss} and {@code
     * proj_true_acc}.
     */
    @GET
    @Path("{surfaceId}/export")
    public Response export(
            @PathParam("surfaceId") String surfaceId, @QueryParam("format") String format) {
        SurfaceFormat fileFormat = parseFormat(format);
        SurfaceAssembly assembly = require(surfaceId);
        SurfacePlanned plan = assembly.plan();
        requireFiniteCoordinates(plan);
        Optional<SurfaceAssembly> twin = registry.splitTwin(assembly);
        SurfaceTable table;
        Map<String, Object> attributes;
        if (twin.isEmpty()) {
            table = SurfaceTable.of(plan.grid(), assembly.points(), null)
                    .withTrajectory(trajectory(plan));
            attributes = attributes(plan);
        } else {
            boolean askedForTest = SurfaceRegistry.isTestSplit(plan.evalSet());
            SurfaceAssembly train = askedForTest ? twin.get() : assembly;
            SurfaceAssembly test = askedForTest ? assembly : twin.get();
            table = SurfaceTable.of(plan.grid(), train.points(), test.points())
                    .withTrajectory(trajectory(train.plan()));
            attributes = attributes(train.plan());
            attributes.put("surface_id", surfaceId);
            attributes.put("train_surface_id", train.id());
            attributes.put("test_surface_id", test.id());
            attributes.put("test_eval_set", evalSetText(test.plan()));
        }

        // HDF5 is written whole before it is sent (jHDF writes files only), so a failure there
        // is still answered as a JSON error; the text formats stream.
        Object body = fileFormat == SurfaceFormat.HDF5
                ? SurfaceExport.toBytes(table, fileFormat, attributes)
                : (StreamingOutput) output ->
                        SurfaceExport.write(table, fileFormat, attributes, output);
        return Response.ok(body, fileFormat.mediaType())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\""
                                + surfaceId
                                + "."
                                + fileFormat.extension()
                                + "\"")
                .build();
    }

    /**
     * Server-sent events: first {@code snapshot} (a {@link SurfaceSnapshot}), then one
     * {@code chunk} (a {@link ChunkUpdate}) per chunk that brought new points.
     */
    @GET
    @Path("{surfaceId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<OutboundSseEvent> events(
            @PathParam("surfaceId") String surfaceId, @Context Sse sse) {
        SurfaceAssembly assembly = require(surfaceId);

        return streams.stream(
                sse,
                listener -> {
                    Consumer<ChunkUpdate> forward =
                            update -> listener.accept(new LiveEvent(CHUNK_EVENT, update));
                    SurfaceSnapshot snapshot = assembly.subscribe(forward);
                    return new SseStreams.Subscription(
                            new LiveEvent(SNAPSHOT_EVENT, snapshot),
                            () -> assembly.unsubscribe(forward));
                });
    }

    private SurfaceAssembly require(String surfaceId) {
        Ids.requireSurfaceId("surfaceId", surfaceId);
        return registry.find(surfaceId)
                .orElseThrow(() -> ApiException.notFound("surface", "surfaceId", surfaceId));
    }

    private static SurfaceFormat parseFormat(String format) {
        try {
            return SurfaceFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("format", e.getMessage());
        }
    }

    /**
     * 409 when a coordinate of the grid is NaN or infinite (an axis whose max − min overflows,
     * planned before the projection service refused such grids): no export can place it.
     */
    private static void requireFiniteCoordinates(SurfacePlanned plan) {
        requireFinite(plan.surfaceId(), "grid.x", "i", plan.grid().x());
        requireFinite(plan.surfaceId(), "grid.y", "j", plan.grid().y());
    }

    private static void requireFinite(String surfaceId, String name, String index, Axis axis) {
        for (int k = 0; k < axis.points(); k++) {
            double coordinate = axis.coordinate(k);
            if (!Double.isFinite(coordinate)) {
                throw ApiException.conflict(
                        "surfaceId",
                        "surface '" + surfaceId + "' cannot be exported: " + name + " (min "
                                + axis.min() + ", max " + axis.max() + ", " + axis.points()
                                + " points) gives the coordinate " + coordinate + " at "
                                + index + " = " + k + ", and every export format needs finite"
                                + " coordinates; plan the surface again over a finite range");
            }
        }
    }

    /**
     * Provenance stored with an export (HDF5 root attributes, a JSON object): numbers as
     * numbers, flags as booleans, the explained variance as an array; nulls are left out.
     */
    private static Map<String, Object> attributes(SurfacePlanned plan) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("surface_id", plan.surfaceId());
        attributes.put("run_id", plan.runId());
        attributes.put("model", plan.model());
        attributes.put("epoch", plan.epoch());
        attributes.put("checkpoint_key", plan.checkpointKey());
        if (plan.directions() != null) {
            attributes.put("direction_normalization", plan.directions().normalization());
            attributes.put("direction_seed", plan.directions().seed());
            attributes.put(
                    "direction_include_bias_and_batchnorm",
                    plan.directions().includeBiasAndBatchNorm());
        }
        attributes.put("eval_set", evalSetText(plan));
        attributes.put("kind", plan.kind());
        attributes.put("group_id", plan.groupId());
        if (plan.interpolation() != null) {
            attributes.put("interpolation_run_id", plan.interpolation().runId());
            attributes.put("interpolation_epoch", plan.interpolation().epoch());
            attributes.put(
                    "interpolation_checkpoint_key", plan.interpolation().checkpointKey());
        }
        List<Double> ratios =
                plan.trajectory() == null ? null : plan.trajectory().explainedVariance();
        if (ratios != null && !ratios.isEmpty()) {
            attributes.put(
                    "explained_variance_ratio",
                    ratios.stream().mapToDouble(r -> r == null ? Double.NaN : r).toArray());
        }
        return attributes;
    }

    /** The planned path of a {@code pca} surface; null for other kinds and an empty path. */
    private static TrajectoryTable trajectory(SurfacePlanned plan) {
        if (plan.trajectory() == null || plan.trajectory().path() == null
                || plan.trajectory().path().isEmpty()) {
            return null;
        }
        return TrajectoryTable.of(plan.trajectory());
    }

    private static String evalSetText(SurfacePlanned plan) {
        EvalSetSpec evalSet = plan.evalSet();
        if (evalSet == null) {
            return null;
        }
        return evalSet.dataset() + " " + evalSet.split() + " first " + evalSet.size();
    }

    private static SurfaceState parseState(String state) {
        try {
            return SurfaceState.parse(state);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state", e.getMessage());
        }
    }

    static String csvLine(PointValue p) {
        return p.index()
                + ","
                + p.i()
                + ","
                + p.j()
                + ","
                + p.alpha()
                + ","
                + p.beta()
                + ","
                + p.loss()
                + ","
                + p.accuracy()
                + "\n";
    }
}
