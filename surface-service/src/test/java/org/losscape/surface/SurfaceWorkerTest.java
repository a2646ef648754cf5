package org.losscape.surface;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.losscape.data.Datasets;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Split;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.evaluation.Evaluator;
import org.losscape.evaluation.LossAccuracy;
import org.losscape.messages.Axis;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.Json;
import org.losscape.messages.PointValue;
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
 * The surface worker against a real Kafka broker and S3 server, with a real ResNet-20 and
 * real CIFAR-10 test images: a 3×2 grid (α ∈ {-1, 0, 1}, β ∈ {0, 0.5}) in two chunks of
 * three points, evaluated on the first 64 test images.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class SurfaceWorkerTest {

    private static final String DEAD_LETTERS = "surface-chunks-dlq";
    private static final String RUN_ID = "surface-worker-test";
    private static final int EVAL_IMAGES = 64;
    private static final GridSpec GRID = new GridSpec(new Axis(-1, 1, 3), new Axis(0, 0.5, 2));
    /** Index of (α, β) = (0, 0): i = 1, j = 0, index = i · y.points + j. */
    private static final int ORIGIN = 2;
    private static final long DIRECTION_SEED = 11;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String LOADS = "losscape_surface_loads_total";

    /** The network is stored once per JVM; every test plans its own surface over it. */
    private static Stored stored;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "losscape.data.location")
    Path dataLocation;

    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrapServers);
        if (stored == null) {
            stored = storeNetworkAndDirections();
        }
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void surface_twoChunks_publishesEachPointOnceWithFiniteLoss() {
        SurfacePlanned plan = plan(stored.checkpointKey());

        publish(chunk(plan, 0));
        publish(chunk(plan, 1));
        List<ChunkValues> values = awaitValues(plan.surfaceId(), 2);

        List<PointValue> points = values.stream().flatMap(v -> v.points().stream()).toList();
        Map<Integer, Long> timesSeen = points.stream()
                .collect(Collectors.groupingBy(PointValue::index, Collectors.counting()));
        assertEquals(Map.of(0, 1L, 1, 1L, 2, 1L, 3, 1L, 4, 1L, 5, 1L), timesSeen);
        for (PointValue point : points) {
            assertTrue(Double.isFinite(point.loss()), "loss at " + point);
            assertTrue(point.accuracy() >= 0 && point.accuracy() <= 1, "accuracy at " + point);
            assertEquals(point.i() * GRID.y().points() + point.j(), point.index());
            assertEquals(GRID.x().coordinate(point.i()), point.alpha(), 0.0);
            assertEquals(GRID.y().coordinate(point.j()), point.beta(), 0.0);
        }
        for (ChunkValues chunk : values) {
            assertEquals(3, chunk.points().size());
            assertTrue(chunk.worker().matches(".+:\\d+"), "worker " + chunk.worker());
            assertTrue(chunk.seconds() > 0, "seconds " + chunk.seconds());
        }
        assertEquals(2, awaitValues(plan.surfaceId(), 3, Duration.ofSeconds(3)).size(),
                "no chunk may be published twice without being delivered twice");
    }

    @Test
    void originPoint_unperturbedModel_equalsDirectEvaluation() {
        SurfacePlanned plan = plan(stored.checkpointKey());

        publish(chunk(plan, 0));
        PointValue origin = awaitValues(plan.surfaceId(), 1).get(0).points().stream()
                .filter(p -> p.index() == ORIGIN)
                .findFirst()
                .orElseThrow();

        assertEquals(0.0, origin.alpha(), 0.0);
        assertEquals(0.0, origin.beta(), 0.0);
        double expected = stored.originLoss().loss();
        assertEquals(expected, origin.loss(), 1e-5 * Math.abs(expected),
                "loss at the origin within 1e-5 relative");
        assertEquals(stored.originLoss().accuracy(), origin.accuracy(), 1e-9);
    }

    @Test
    void chunk_deliveredTwice_isEvaluatedTwiceAndLaterChunksStillFlow() {
        SurfacePlanned plan = plan(stored.checkpointKey());

        publish(chunk(plan, 0));
        publish(chunk(plan, 0));
        publish(chunk(plan, 1));
        List<ChunkValues> values = awaitValues(plan.surfaceId(), 3);

        List<ChunkValues> first = values.stream().filter(v -> v.chunkIndex() == 0).toList();
        assertEquals(2, first.size(), "chunk 0 evaluated once per delivery");
        assertEquals(first.get(0).points(), first.get(1).points(),
                "a re-delivered chunk gives bit-identical values");
        assertEquals(1, values.stream().filter(v -> v.chunkIndex() == 1).count());
    }

    @Test
    void chunk_missingCheckpoint_goesToDeadLetterTopicAndNextChunkIsEvaluated() {
        SurfacePlanned missing = plan(ObjectKeys.checkpoint("no-such-run", 3));
        SurfacePlanned good = plan(stored.checkpointKey());

        publish(chunk(missing, 0));
        publish(chunk(good, 1));

        ConsumerRecord<String, String> dead = awaitDeadLetter(missing.surfaceId());
        SurfaceChunk deadChunk = Json.fromJson(dead.value(), SurfaceChunk.class);
        assertEquals(missing.checkpointKey(), deadChunk.surface().checkpointKey());
        assertEquals(0, deadChunk.chunkIndex());
        Header reason = dead.headers().lastHeader("dead-letter-reason");
        assertNotNull(reason, "the error travels with the dead letter");
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).contains("no-such-run"),
                "reason names the missing key: "
                        + new String(reason.value(), StandardCharsets.UTF_8));
        assertEquals(1, awaitValues(good.surfaceId(), 1).size());
        assertTrue(awaitValues(missing.surfaceId(), 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void chunk_unreadableJson_goesToDeadLetterTopicAsPublished() {
        String surfaceId = "garbled-" + UUID.randomUUID();
        String garbled = "{\"surface\": {\"surfaceId\": \"" + surfaceId + "\", \"grid\": [";

        kafka.send(Topics.SURFACE_CHUNKS, surfaceId, garbled);

        assertEquals(garbled, awaitDeadLetter(surfaceId).value());
    }

    @Test
    void chunk_unknownModel_goesToDeadLetterTopic() {
        SurfacePlanned plan = plan(stored.checkpointKey());
        SurfacePlanned unknownModel = new SurfacePlanned(plan.surfaceId(), plan.runId(),
                "vgg9", plan.epoch(), plan.checkpointKey(), plan.grid(), plan.directions(),
                plan.evalSet(), plan.directionXKey(), plan.directionYKey(), plan.chunkCount(),
                plan.createdAt());

        publish(chunk(unknownModel, 0));

        Header reason = awaitDeadLetter(plan.surfaceId()).headers()
                .lastHeader("dead-letter-reason");
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).contains("vgg9"));
    }

    @Test
    void readiness_brokerAndStoreReachable_reportsUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.findAll { it.name == 'object-store' }.status", hasItem("UP"));
    }

    @Test
    void metrics_afterAChunk_countPointsChunksAndCachedSurfaces() {
        SurfacePlanned plan = plan(stored.checkpointKey());

        publish(chunk(plan, 1));
        awaitValues(plan.surfaceId(), 1);

        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertTrue(metricValue(metrics, "losscape_surface_points_total") >= 3, metrics);
        assertTrue(metricValue(metrics, "losscape_surface_point_seconds_count") >= 3, metrics);
        assertTrue(metricValue(metrics, "losscape_surface_chunk_seconds_count") >= 1, metrics);
        assertTrue(metricValue(metrics, "losscape_surface_cached") >= 1, metrics);
    }

    @Test
    void chunksOfOneSurface_loadItOnce_andASecondSurfaceOnceMore() {
        SurfacePlanned first = plan(stored.checkpointKey());
        SurfacePlanned second = plan(stored.checkpointKey());
        double before = counter(LOADS);

        publish(chunk(first, 0));
        publish(chunk(first, 1));
        publish(chunk(first, 0));
        awaitValues(first.surfaceId(), 3);
        double afterFirst = counter(LOADS);
        publish(chunk(second, 1));
        awaitValues(second.surfaceId(), 1);

        assertEquals(1, afterFirst - before, "three chunks of one surface, one load");
        assertEquals(2, counter(LOADS) - before, "another surface, one more load");
    }

    /**
     * The current value of an unlabelled counter on /q/metrics; 0 while it is absent, since
     * the beans that register the surface metrics are created with the first chunk.
     */
    private static double counter(String name) {
        double value = metricValue(given().when().get("/q/metrics").then().statusCode(200)
                .extract().asString(), name);
        return Double.isNaN(value) ? 0 : value;
    }

    /** The value of an unlabelled Prometheus sample, or NaN if it is absent. */
    private static double metricValue(String exposition, String name) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' '))))
                .findFirst()
                .orElse(Double.NaN);
    }

    private Stored storeNetworkAndDirections() {
        store.ensureBucket();
        ModelSpec spec = ModelSpec.parse("resnet20");
        try (Model model = Models.newModel(spec, 3, 32, 32, /* seed= */ 7)) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());
            DirectionPair directions =
                    Directions.pair(theta, DIRECTION_SEED, "filter", false);
            String checkpointKey = ObjectKeys.checkpoint(RUN_ID, 0);
            String xKey = ObjectKeys.direction(RUN_ID + "-directions", "x");
            String yKey = ObjectKeys.direction(RUN_ID + "-directions", "y");
            store.put(checkpointKey, Checkpoints.save(model), "application/octet-stream");
            store.put(xKey, directions.x().toBytes(), "application/octet-stream");
            store.put(yKey, directions.y().toBytes(), "application/octet-stream");
            return new Stored(checkpointKey, xKey, yKey, evaluateDirectly(model));
        }
    }

    /** Loss of the unperturbed network on the same images, as the surface service reads them. */
    private LossAccuracy evaluateDirectly(Model model) {
        ImageSet images = Datasets.load("cifar10", dataLocation, Split.TEST).first(EVAL_IMAGES);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = ImageTensors.images(images, Datasets.normalization("cifar10"), manager);
            NDArray y = ImageTensors.labels(images, manager);
            return new Evaluator(model.getBlock(), x, y, /* batchSize= */ 128).evaluate();
        }
    }

    private SurfacePlanned plan(String checkpointKey) {
        return new SurfacePlanned("surface-" + UUID.randomUUID(), RUN_ID, "resnet20", 0,
                checkpointKey, GRID, new DirectionSpec(DIRECTION_SEED, "filter", false, 0.0),
                new EvalSetSpec("cifar10", "test", EVAL_IMAGES), stored.directionXKey(),
                stored.directionYKey(), /* chunkCount= */ 2, Instant.now());
    }

    private static SurfaceChunk chunk(SurfacePlanned plan, int chunkIndex) {
        return new SurfaceChunk(plan, chunkIndex, /* firstPoint= */ 3 * chunkIndex,
                /* pointCount= */ 3);
    }

    private void publish(SurfaceChunk chunk) {
        kafka.send(Topics.SURFACE_CHUNKS, chunk.surface().surfaceId(), Json.toJson(chunk));
    }

    private List<ChunkValues> awaitValues(String surfaceId, int count) {
        List<ChunkValues> values = awaitValues(surfaceId, count, PATIENCE);
        assertEquals(count, values.size(), "chunk values of " + surfaceId);
        return values;
    }

    /** At most {@code count} chunk values of the surface, as many as arrived in time. */
    private List<ChunkValues> awaitValues(String surfaceId, int count, Duration timeout) {
        Function<ConsumerRecord<String, String>, ChunkValues> parse =
                r -> Json.fromJson(r.value(), ChunkValues.class);
        return kafka.read(Topics.SURFACE_VALUES, r -> surfaceId.equals(r.key()),
                        kept -> kept.size() >= count, timeout)
                .stream()
                .map(parse)
                .toList();
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String surfaceId) {
        List<ConsumerRecord<String, String>> dead = kafka.read(DEAD_LETTERS,
                r -> r.value().contains(surfaceId), kept -> !kept.isEmpty(), PATIENCE);
        assertFalse(dead.isEmpty(), "dead letter of " + surfaceId);
        return dead.get(0);
    }

    private record Stored(String checkpointKey, String directionXKey, String directionYKey,
            LossAccuracy originLoss) {}
}
