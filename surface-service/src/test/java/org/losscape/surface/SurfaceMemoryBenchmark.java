package org.losscape.surface;

import ai.djl.Model;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.messages.Axis;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.Json;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/**
 * Not a test: measures a 10×10 ResNet-20 surface in ten chunks of ten points and prints, after
 * each chunk's values arrive, the points per second and the resident memory of this JVM
 * ({@code VmRSS}; it also holds the in-process Kafka broker and S3 server). Runs only with
 * {@code -Dlosscape.benchmark=true}; {@code -Dlosscape.benchmark.images=N} sets the
 * evaluation set (default 1000 test images). Asserts nothing.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
@EnabledIfSystemProperty(named = "losscape.benchmark", matches = "true")
class SurfaceMemoryBenchmark {

    private static final int SIDE = 10;
    private static final int CHUNK_POINTS = 10;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void surface10x10_resnet20_printsRssPerChunk() {
        int images = Integer.getInteger("losscape.benchmark.images", 1000);
        String surfaceId = "benchmark-" + System.currentTimeMillis();
        SurfacePlanned plan = storeAndPlan(surfaceId, images);
        System.out.printf("benchmark: before the first chunk %s%n", memory());

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            for (int c = 0; c < plan.chunkCount(); c++) {
                SurfaceChunk chunk = new SurfaceChunk(plan, c, c * CHUNK_POINTS, CHUNK_POINTS);
                kafka.send(Topics.SURFACE_CHUNKS, surfaceId, Json.toJson(chunk));
            }
            Set<Integer> seen = new HashSet<>();
            Instant start = Instant.now();
            kafka.read(Topics.SURFACE_VALUES, r -> surfaceId.equals(r.key()), kept -> {
                for (ConsumerRecord<String, String> record : kept) {
                    ChunkValues values = Json.fromJson(record.value(), ChunkValues.class);
                    if (seen.add(values.chunkIndex())) {
                        System.out.printf(
                                "benchmark: chunk %d, %d points in %.1f s (%.2f points/s),"
                                        + " %s%n",
                                values.chunkIndex(), values.points().size(), values.seconds(),
                                values.points().size() / values.seconds(), memory());
                    }
                }
                return seen.size() == plan.chunkCount();
            }, Duration.ofMinutes(30));
            System.out.printf("benchmark: %d of %d chunks in %d s, %d images per point%n",
                    seen.size(), plan.chunkCount(),
                    Duration.between(start, Instant.now()).toSeconds(), images);
        }
    }

    private SurfacePlanned storeAndPlan(String surfaceId, int images) {
        store.ensureBucket();
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 1)) {
            DirectionPair directions = Directions.pair(
                    ParameterTensors.of(model.getBlock()), 5, "filter", false);
            String checkpointKey = ObjectKeys.checkpoint(surfaceId, 0);
            String xKey = ObjectKeys.direction(surfaceId, "x");
            String yKey = ObjectKeys.direction(surfaceId, "y");
            store.put(checkpointKey, Checkpoints.save(model), "application/octet-stream");
            store.put(xKey, directions.x().toBytes(), "application/octet-stream");
            store.put(yKey, directions.y().toBytes(), "application/octet-stream");
            GridSpec grid = new GridSpec(new Axis(-1, 1, SIDE), new Axis(-1, 1, SIDE));
            return new SurfacePlanned(surfaceId, surfaceId, "resnet20", 0, checkpointKey, grid,
                    new DirectionSpec(5, "filter", false, 0.0),
                    new EvalSetSpec("cifar10", "test", images), xKey, yKey,
                    SIDE * SIDE / CHUNK_POINTS, Instant.now());
        }
    }

    /** Resident memory, and the part of it the Java heap may account for, in MB. */
    private static String memory() {
        Runtime runtime = Runtime.getRuntime();
        long mb = 1024 * 1024;
        return String.format("VmRSS %d MB (Java heap %d MB used of %d MB committed)",
                rssMegabytes(), (runtime.totalMemory() - runtime.freeMemory()) / mb,
                runtime.totalMemory() / mb);
    }

    /** Resident memory of this process from {@code /proc/self/status}, in MB. */
    private static long rssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
