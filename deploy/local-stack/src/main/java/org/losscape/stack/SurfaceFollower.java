package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows surfaces through viz ({@code GET /api/surfaces/{id}}) until every point is in,
 * printing points done out of total, the rate and the time left.
 */
final class SurfaceFollower {

    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final StackApi api;
    private final Console console;
    private final Runnable requireAlive;

    SurfaceFollower(StackApi api, Console console, Runnable requireAlive) {
        this.api = api;
        this.console = console;
        this.requireAlive = requireAlive;
    }

    /** Waits until viz knows a surface of {@code runId}; returns its summary. */
    JsonNode awaitSurfaceOf(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive.run();
            List<JsonNode> surfaces = api.surfacesOfRun(runId);
            if (!surfaces.isEmpty()) {
                return surfaces.get(0);
            }
            Readiness.sleep(POLL);
        }
        throw new StackException("no surface of run " + runId + " appeared within "
                + timeout.toSeconds() + " s; see the projection-service and viz-service logs");
    }

    /** Returns the summary once {@code pointsDone == pointsTotal}. */
    JsonNode follow(String surfaceId) {
        return follow(List.of(surfaceId)).get(0);
    }

    /**
     * Follows several surfaces as one piece of work (the planes of a comparison, the curves of
     * an interpolation): progress counts the points of all of them. Returns their summaries,
     * in the order given, once every one is complete. A surface whose plan viz has not read
     * yet counts as not done.
     */
    List<JsonNode> follow(List<String> surfaceIds) {
        long start = 0;
        int startDone = 0;
        long lastPrint = 0;
        while (true) {
            requireAlive.run();
            List<JsonNode> surfaces = new ArrayList<>();
            int done = 0;
            int total = 0;
            boolean complete = true;
            for (String id : surfaceIds) {
                JsonNode surface = api.findSurface(id).orElse(null);
                surfaces.add(surface);
                int surfaceDone = surface == null ? 0 : surface.path("pointsDone").asInt();
                int surfaceTotal = surface == null ? 0 : surface.path("pointsTotal").asInt();
                done += surfaceDone;
                total += surfaceTotal;
                complete &= surfaceTotal > 0 && surfaceDone >= surfaceTotal;
            }
            if (complete) {
                return surfaces;
            }

            long now = System.nanoTime();
            if (start == 0 && done > 0) {
                // Rates count from the first point: before it, workers load the checkpoint.
                start = now;
                startDone = done;
            }
            if (now - lastPrint > PROGRESS_EVERY.toNanos() && total > 0) {
                double rate = start == 0 || now == start
                        ? Double.NaN
                        : (done - startDone) / ((now - start) / 1e9);
                console.say(describeProgress(surfaceIds.size(), done, total, rate));
                lastPrint = now;
            }
            Readiness.sleep(POLL);
        }
    }

    /**
     * "surface 20/441 points (5%), 1.19 points/s, 5:52 left". Until points arrive after the
     * first ones there is no rate, and the line says so instead of showing a time left.
     */
    static String describeProgress(int surfaces, int done, int total, double pointsPerSecond) {
        String progress = String.format("%s %d/%d points (%.0f%%)",
                surfaces == 1 ? "surface" : surfaces + " surfaces", done, total,
                100.0 * done / total);
        if (!(Double.isFinite(pointsPerSecond) && pointsPerSecond > 0)) {
            return progress + ", rate not known yet";
        }
        return String.format("%s, %.2f points/s, %s left", progress, pointsPerSecond,
                Console.clock((total - done) / pointsPerSecond));
    }
}
