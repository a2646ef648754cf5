package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The four services together, as separate processes started by the same launcher as the demo:
 * a real Kafka broker, S3Proxy, trainer, projection, two surface workers and viz, on free
 * loopback ports, reading the exact CIFAR-10 subset.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CrossServiceIT {

    private static final int X_POINTS = 4;
    private static final int Y_POINTS = 3;

    private static LocalStack stack;
    private static StackApi api;
    private static Console console;

    @BeforeAll
    static void startStack() throws IOException {
        Path datasets = Path.of(System.getProperty("losscape.datasets"));
        Path cifar = datasets.resolve("cifar-10-subset/cifar-10-batches-bin").normalize();
        assertTrue(Files.isDirectory(cifar),
                "CIFAR-10 subset missing at " + cifar + " (system property losscape.datasets)");
        Path workDir = Path.of("target/cross-service-it").toAbsolutePath();
        deleteRecursively(workDir);
        // Surfaces are requested explicitly here, with a grid small enough for a test.
        StackConfig config = StackConfig.onFreePorts(workDir, cifar, 2, Map.of(
                Service.PROJECTION, Map.of("losscape.projection.auto-surface.enabled", "false")));

        console = new Console(System.out);
        stack = new LocalStack(Installation.locate(), config, console::say).start();
        api = new StackApi(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void tinyRunAndSurface_twoWorkers_everyPointArrivesOnceWithFiniteLoss() {
        JsonNode created = api.createRun(Map.of(
                "model", "resnet20",
                "dataset", "cifar10",
                "epochs", 1,
                "batchSize", 64,
                "trainSize", 256,
                "testSize", 128,
                "learningRate", 0.05,
                "seed", 7));
        String runId = created.path("id").asText();
        JsonNode run = new TrainingFollower(api, console, stack::requireAlive).follow(runId);
        assertEquals(2, run.path("metrics").size(), "metrics of epoch 0 (init) and epoch 1");
        assertFinite(run.path("metrics").get(1).path("testLoss").asDouble(), "test loss");

        JsonNode planned = api.createSurface(Map.of(
                "runId", runId,
                "grid", Map.of(
                        "x", Map.of("min", -1.0, "max", 1.0, "points", X_POINTS),
                        "y", Map.of("min", -0.5, "max", 0.5, "points", Y_POINTS)),
                "evalSet", Map.of("split", "test", "size", 64),
                "chunkSize", 2));
        String surfaceId = planned.path("surfaceId").asText();
        assertEquals(6, planned.path("chunkCount").asInt(), "12 points in chunks of 2");

        JsonNode surface = new SurfaceFollower(api, console, stack::requireAlive)
                .follow(surfaceId);
        assertEquals(X_POINTS * Y_POINTS, surface.path("pointsTotal").asInt());
        assertEquals(X_POINTS * Y_POINTS, surface.path("pointsDone").asInt());

        // Chunks are spread over the partitions, so both replicas of the group evaluate some.
        for (URI worker : stack.surfaceUrls()) {
            double evaluated = pointsEvaluated(worker);
            assertTrue(evaluated > 0, worker + " evaluated " + evaluated + " points");
        }

        List<String[]> rows = csvRows(api.valuesCsv(surfaceId));
        assertEquals(X_POINTS * Y_POINTS, rows.size(), "one CSV line per point");
        for (int index = 0; index < rows.size(); index++) {
            String[] row = rows.get(index);
            assertEquals(index, Integer.parseInt(row[0]), "points in index order, each once");
            int i = Integer.parseInt(row[1]);
            int j = Integer.parseInt(row[2]);
            assertEquals(index, i * Y_POINTS + j, "index = i * y.points + j");
            assertEquals(-1.0 + 2.0 * i / (X_POINTS - 1), Double.parseDouble(row[3]), 1e-9);
            assertEquals(-0.5 + 1.0 * j / (Y_POINTS - 1), Double.parseDouble(row[4]), 1e-9);
            assertFinite(Double.parseDouble(row[5]), "loss of point " + index);
            double accuracy = Double.parseDouble(row[6]);
            assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy + " in [0, 1]");
        }
    }

    @Test
    void surfaceRequest_unknownRun_isNotFound() {
        StackException error = assertThrows(StackException.class,
                () -> api.createSurface(Map.of("runId", "no-such-run")));

        assertTrue(error.getMessage().contains("answered 404"), error.getMessage());
    }

    @Test
    void runRequest_batchSizeZero_isRejectedNamingTheField() {
        StackException error = assertThrows(StackException.class,
                () -> api.createRun(Map.of("batchSize", 0, "trainSize", 256, "testSize", 128)));

        assertTrue(error.getMessage().contains("answered 400"), error.getMessage());
        assertTrue(error.getMessage().contains("batchSize"), error.getMessage());
    }

    /** The worker's {@code losscape.surface.points} counter, from its Prometheus metrics. */
    private static double pointsEvaluated(URI worker) {
        String metrics = new LosscapeClient().getText(worker.resolve("/q/metrics"));
        return metrics.lines()
                .filter(line -> line.startsWith("losscape_surface_points_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static List<String[]> csvRows(String csv) {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = csv.lines().filter(line -> !line.isBlank()).toList();
        assertEquals("index,i,j,alpha,beta,loss,accuracy", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        return rows;
    }

    private static void assertFinite(double value, String what) {
        assertTrue(Double.isFinite(value), what + " is " + value + ", expected finite");
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
