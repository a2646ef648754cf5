package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST calls the demo, the experiments and the cross-service test make, one method per
 * endpoint: trainer ({@code /runs}), projection ({@code /surfaces}, {@code /comparisons},
 * {@code /interpolations}) and viz ({@code /api/...}).
 */
final class StackApi {

    /** Planning a group stores directions and waits for Kafka to take every chunk. */
    private static final Duration PLANNING_TIMEOUT = Duration.ofMinutes(5);

    private final LosscapeClient client = new LosscapeClient();
    private final URI trainer;
    private final URI projection;
    private final URI viz;

    StackApi(LocalStack stack) {
        this(stack.trainerUrl(), stack.projectionUrl(), stack.vizUrl());
    }

    StackApi(URI trainer, URI projection, URI viz) {
        this.trainer = trainer;
        this.projection = projection;
        this.viz = viz;
    }

    /** {@code POST /runs}: queues a training run; the answer is the run, with its id. */
    JsonNode createRun(Map<String, Object> request) {
        return client.post(trainer.resolve("/runs"), request);
    }

    /** {@code GET /runs/{id}}: state, per-epoch metrics, progress of the current step. */
    JsonNode run(String runId) {
        return client.get(trainer.resolve("/runs/" + encode(runId)));
    }

    /** {@code POST /surfaces}: plans a surface; the answer is the SurfacePlanned message. */
    JsonNode createSurface(Map<String, Object> request) {
        return client.post(projection.resolve("/surfaces"), request);
    }

    /**
     * {@code POST /surfaces} with {@code "directions": "pca"}: the projection service evaluates
     * every checkpoint of the path before it answers, so the answer may take minutes.
     */
    JsonNode createSurface(Map<String, Object> request, Duration timeout) {
        return client.post(projection.resolve("/surfaces"), request, timeout);
    }

    /** {@code POST /comparisons}: one plane per run, one seed; the answer is the group. */
    JsonNode createComparison(Map<String, Object> request) {
        return client.post(projection.resolve("/comparisons"), request, PLANNING_TIMEOUT);
    }

    /** {@code POST /interpolations}: train and test curve from run A to B, as a group. */
    JsonNode createInterpolation(Map<String, Object> request) {
        return client.post(projection.resolve("/interpolations"), request, PLANNING_TIMEOUT);
    }

    /** {@code GET /api/surfaces?runId=}: the surfaces of a run that viz knows, newest first. */
    List<JsonNode> surfacesOfRun(String runId) {
        JsonNode list = client.get(viz.resolve("/api/surfaces?runId=" + encode(runId)));
        List<JsonNode> surfaces = new ArrayList<>();
        list.forEach(surfaces::add);
        return surfaces;
    }

    /** {@code GET /api/surfaces/{id}}: the summary with pointsDone and pointsTotal. */
    JsonNode surface(String surfaceId) {
        return client.get(viz.resolve("/api/surfaces/" + encode(surfaceId)));
    }

    /** {@link #surface}, or empty while viz has not seen the surface's plan. */
    Optional<JsonNode> findSurface(String surfaceId) {
        return client.find(viz.resolve("/api/surfaces/" + encode(surfaceId)));
    }

    /** {@code GET /api/surfaces/{id}/values}: loss and accuracy as [x.points][y.points]. */
    JsonNode values(String surfaceId) {
        return client.get(viz.resolve("/api/surfaces/" + encode(surfaceId) + "/values"));
    }

    /** {@code GET /api/surfaces/{id}/values.csv}: one line per stored point. */
    String valuesCsv(String surfaceId) {
        return client.getText(viz.resolve("/api/surfaces/" + encode(surfaceId) + "/values.csv"));
    }

    /** {@code GET /api/surfaces/{id}/export?format=}: the surface as a file (h5, vtp, ...). */
    byte[] export(String surfaceId, String format) {
        return client.getBytes(viz.resolve("/api/surfaces/" + encode(surfaceId)
                + "/export?format=" + encode(format)));
    }

    /** The page, opened on one surface. */
    URI page(String surfaceId) {
        return viz.resolve("/#surface=" + encode(surfaceId));
    }

    /** The page, opened on a group (the planes of a comparison, an interpolation's curves). */
    URI groupPage(String groupId) {
        return viz.resolve("/#group=" + encode(groupId));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
