package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * Follows a surface through viz ({@code GET /api/surfaces/{id}}) until every point is in,
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
        long start = 0;
        int startDone = 0;
        long lastPrint = 0;
        while (true) {
            requireAlive.run();
            JsonNode surface = api.surface(surfaceId);
            int done = surface.path("pointsDone").asInt();
            int total = surface.path("pointsTotal").asInt();
            if (total > 0 && done >= total) {
                return surface;
            }

            long now = System.nanoTime();
            if (start == 0 && done > 0) {
                // Rates count from the first point: before it, workers load the checkpoint.
                start = now;
                startDone = done;
            }
            if (now - lastPrint > PROGRESS_EVERY.toNanos()) {
                double rate = start == 0 || now == start
                        ? surface.path("pointsPerSecond").asDouble(Double.NaN)
                        : (done - startDone) / ((now - start) / 1e9);
                console.say(String.format("surface %d/%d points (%.0f%%), %s points/s, %s left",
                        done, total, 100.0 * done / total, rate(rate),
                        Console.clock((total - done) / rate)));
                lastPrint = now;
            }
            Readiness.sleep(POLL);
        }
    }

    private static String rate(double pointsPerSecond) {
        return Double.isFinite(pointsPerSecond) && pointsPerSecond > 0
                ? String.format("%.2f", pointsPerSecond)
                : "?";
    }
}
