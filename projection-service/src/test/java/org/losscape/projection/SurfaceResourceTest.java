package org.losscape.projection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.losscape.messages.Json;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.projection.runs.RunIndex;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;
import org.losscape.weights.ParameterKind;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class SurfaceResourceTest {

    private static final String RUN = "run-rest";
    private static final int EPOCH = 2;
    private static ParameterTensors theta;

    @Inject
    ObjectStore store;

    @Inject
    RunIndex runs;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void storeAndAnnounceRun() {
        if (theta != null) {
            return;
        }
        theta = TestRuns.storeCheckpoint(store, RUN, EPOCH);
        TestRuns.announce(bootstrapServers, RUN, EPOCH, /* epochs= */ 3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> runs.find(RUN, EPOCH).isPresent());
    }

    @Test
    void post_5x3Grid_plansChunksCoveringEveryPointOnce_andFilterNormalizedDirections() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest",
                         "grid": {"x": {"min": -1, "max": 1, "points": 5},
                                  "y": {"min": -0.5, "max": 0.5, "points": 3}},
                         "chunkSize": 4}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertEquals(15, surface.pointCount());
        assertEquals(4, surface.chunkCount());
        assertEquals(EPOCH, surface.epoch());
        assertEquals("filter", surface.directions().normalization());
        assertEquals(1, surface.directions().seed());
        assertEquals(new org.losscape.messages.EvalSetSpec("cifar10", "train", 1000),
                surface.evalSet());

        List<SurfaceChunk> chunks = chunksOf(surface.surfaceId());
        assertEquals(surface.chunkCount(), chunks.size());
        List<Integer> indices = chunks.stream()
                .flatMap(c -> IntStream.range(c.firstPoint(), c.firstPoint() + c.pointCount())
                        .boxed())
                .sorted()
                .collect(Collectors.toList());
        assertEquals(IntStream.range(0, 15).boxed().collect(Collectors.toList()), indices);
        assertEquals(surface, chunks.get(0).surface());

        long announced = KafkaTopics.readAll(bootstrapServers, Topics.SURFACES).stream()
                .filter(r -> r.key().equals(surface.surfaceId()))
                .map(r -> Json.fromJson(r.value(), SurfacePlanned.class))
                .filter(surface::equals)
                .count();
        assertEquals(1, announced);

        ParameterTensors dx = ParameterTensors.fromBytes(store.get(surface.directionXKey()));
        ParameterTensors dy = ParameterTensors.fromBytes(store.get(surface.directionYKey()));
        assertFilterNormalized(dx);
        assertFilterNormalized(dy);
        assertZeroBelowRankTwo(dx);
        assertEquals(surface, store.getJson(ObjectKeys.surface(surface.surfaceId()),
                SurfacePlanned.class));
    }

    /**
     * The surface workers share surface-chunks as one group, one partition each at most: a
     * surface reaches every worker only if its chunks reach every partition. 25 chunks on the
     * test broker's topic of 4 partitions give 7, 6, 6 and 6.
     */
    @Test
    void post_25Chunks_spreadEvenlyOverEveryPartition() throws Exception {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest",
                         "grid": {"x": {"points": 5}, "y": {"points": 5}},
                         "chunkSize": 1}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        int partitions = partitionCount(Topics.SURFACE_CHUNKS);
        Map<Integer, Long> chunksPerPartition =
                KafkaTopics.readAll(bootstrapServers, Topics.SURFACE_CHUNKS).stream()
                        .filter(r -> r.key().equals(surface.surfaceId()))
                        .collect(Collectors.groupingBy(ConsumerRecord::partition,
                                Collectors.counting()));
        assertTrue(partitions > 1, "the test needs several partitions, has " + partitions);
        assertEquals(25, surface.chunkCount());
        assertEquals(partitions, chunksPerPartition.size(), chunksPerPartition.toString());
        long most = Collections.max(chunksPerPartition.values());
        long least = Collections.min(chunksPerPartition.values());
        assertTrue(most - least <= 1, "chunks per partition: " + chunksPerPartition);
        assertEquals(25L, chunksPerPartition.values().stream().mapToLong(n -> n).sum());
    }

    /**
     * The recorded cosine is that of the stored directions, computed here again over every
     * value in double precision. Both sums run over the same float32 values in the same order,
     * so they agree to rounding: absolute tolerance 1e-12, far below the cosine itself (about
     * 1/√n for n ≈ 270,000 independent values, so of order 1e-3, and below 0.05 by far).
     */
    @Test
    void post_plane_recordsTheCosineOfItsStoredDirections() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest", "seed": 7,
                         "grid": {"x": {"points": 3}, "y": {"points": 3}}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        ParameterTensors dx = ParameterTensors.fromBytes(store.get(surface.directionXKey()));
        ParameterTensors dy = ParameterTensors.fromBytes(store.get(surface.directionYKey()));
        double cosine = cosine(dx, dy);
        assertTrue(Math.abs(cosine) < 0.05, "random directions are near orthogonal: " + cosine);
        assertTrue(cosine != 0, "a cosine of exactly 0 would not tell a recorded one from none");
        assertEquals(cosine, surface.directions().cosine(), 1e-12);
        SurfacePlanned stored =
                store.getJson(ObjectKeys.surface(surface.surfaceId()), SurfacePlanned.class);
        assertEquals(surface.directions().cosine(), stored.directions().cosine(), 0.0);
    }

    @Test
    void post_oneDimensionalScan_storesOnlyTheFirstDirection() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest", "epoch": 2,
                         "grid": {"x": {"min": -1, "max": 1, "points": 7},
                                  "y": {"min": 0, "max": 0, "points": 1}}}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertEquals(1, surface.chunkCount());
        assertNotNull(surface.directionXKey());
        assertNull(surface.directionYKey());
        assertTrue(store.exists(surface.directionXKey()));
        assertTrue(!store.exists(ObjectKeys.direction(surface.surfaceId(), "y")));
    }

    @Test
    void get_plannedSurface_returnsIt_andListIncludesIt() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"runId\": \"run-rest\", \"grid\": {\"x\": {\"points\": 2}, "
                        + "\"y\": {\"points\": 2}}}")
                .when().post("/surfaces")
                .then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/surfaces/"))
                .extract().path("surfaceId");

        given().when().get("/surfaces/" + id)
                .then().statusCode(200)
                .body("surfaceId", equalTo(id))
                .body("grid.x.points", equalTo(2));
        given().when().get("/surfaces")
                .then().statusCode(200)
                .body("surfaceId", hasItem(id));
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"grid\": {\"x\": {\"min\": \"NaN\"}}}                        | grid.x.min",
        "{\"grid\": {\"x\": {\"min\": 1, \"max\": -1}}}                  | grid.x.min",
        "{\"grid\": {\"y\": {\"points\": 0}}}                            | grid.y.points",
        "{\"grid\": {\"x\": {\"points\": 100000}}}                       | grid.x.points",
        "{\"grid\": {\"x\": {\"points\": 1001}, \"y\": {\"points\": 1001}}} | grid",
        "{\"normalization\": \"random\"}                                 | normalization",
        "{\"evalSet\": {\"size\": 0}}                                    | evalSet.size",
        "{\"evalSet\": {\"size\": 50001}}                                | evalSet.size",
        "{\"evalSet\": {\"split\": \"validation\"}}                      | evalSet.split",
        "{\"evalSet\": {\"dataset\": \"imagenet\"}}                      | evalSet.dataset",
        "{\"evalSet\": {\"dataset\": \"fashion-mnist\"}}                 | evalSet.dataset",
        "{\"chunkSize\": 0}                                              | chunkSize",
        "{\"chunkSize\": 1001}                                           | chunkSize",
        "{\"grid\": {\"x\": {\"min\": -1e308, \"max\": 1e308, \"points\": 3}}} | grid.x.min",
        "{\"grid\": {\"y\": {\"max\": 1e7}}}                            | grid.y.max",
        "{\"grid\": {\"y\": {\"min\": 1, \"max\": 0, \"points\": 1}}}  | grid.y.min",
        "{\"epoch\": -1}                                                 | epoch",
        "{\"margin\": -1}                                                | margin",
        "{\"margin\": \"NaN\"}                                           | margin",
        "{\"runId\": \"../etc\"}                                         | runId",
    })
    void post_badField_is400_namingTheField(String fields, String field) {
        String body = fields.contains("runId")
                ? fields
                : "{\"runId\": \"run-rest\", " + fields.substring(1);

        given().contentType(ContentType.JSON).body(body)
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo(field));
    }

    /**
     * A 1000×1000 grid in chunks of 10,000 points was accepted; each chunk's values exceeded
     * Kafka's 1 MB record, so the workers could never deliver them.
     */
    @Test
    void post_chunkSizeOverTheRecordBound_is400_namingChunkSizeAndTheRange() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest",
                         "grid": {"x": {"points": 1000}, "y": {"points": 1000}},
                         "chunkSize": 10000}""")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("chunkSize"))
                .body("message", containsString("chunkSize (10000) must be in [1, 1000]"));
    }

    @Test
    void post_chunkSizeAtTheRecordBound_isAccepted() {
        SurfacePlanned surface = given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest",
                         "grid": {"x": {"points": 3}, "y": {"points": 3}},
                         "chunkSize": 1000}""")
                .when().post("/surfaces")
                .then().statusCode(202)
                .extract().as(SurfacePlanned.class);

        assertEquals(SurfaceChunk.MAX_POINTS, 1000);
        assertEquals(1, surface.chunkCount());
    }

    /** -1e308 to 1e308 overflowed every coordinate to NaN, and every loss with it. */
    @Test
    void post_hugeFiniteRange_is400_namingTheFieldAndTheRange() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest",
                         "grid": {"x": {"min": -1e308, "max": 1e308, "points": 3}}}""")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("grid.x.min"))
                .body("message", equalTo("grid.x.min (-1.0E308) must be in [-1000000, 1000000]"));
    }

    @Test
    void post_onePointAxisWithMinAboveMax_is400_namingMin() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"runId": "run-rest",
                         "grid": {"y": {"min": 0.5, "max": 0, "points": 1}}}""")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("grid.y.min"))
                .body("message", equalTo("grid.y.min (0.5) must be <= grid.y.max (0.0)"));
    }

    /** A margin was accepted and ignored: random directions have no path to pad. */
    @Test
    void post_marginForRandomDirections_is400_sayingItAppliesToPcaOnly() {
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"run-rest\", \"margin\": 0.2}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("margin"))
                .body("message", equalTo("margin (0.2) applies only to directions pca: it pads"
                        + " the PCA plane's grid around the projected path; leave it out for"
                        + " directions random"));
    }

    @Test
    void post_withoutRunId_is400_namingRunId() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("field", equalTo("runId"));
    }

    @Test
    void post_malformedJson_is400_inTheErrorFormat() {
        given().contentType(ContentType.JSON).body("{\"runId\": \"run-rest\", \"seed\": \"x\"}")
                .when().post("/surfaces")
                .then().statusCode(400)
                .body("type", equalTo("invalid-request"))
                .body("field", equalTo("seed"));
    }

    @Test
    void post_unknownRun_is404_namingRunId() {
        given().contentType(ContentType.JSON).body("{\"runId\": \"no-such-run\"}")
                .when().post("/surfaces")
                .then().statusCode(404)
                .body("type", equalTo("not-found"))
                .body("field", equalTo("runId"));
    }

    @Test
    void post_unknownEpoch_is404_namingEpoch() {
        given().contentType(ContentType.JSON).body("{\"runId\": \"run-rest\", \"epoch\": 7}")
                .when().post("/surfaces")
                .then().statusCode(404)
                .body("field", equalTo("epoch"));
    }

    @Test
    void get_unknownSurface_is404() {
        given().when().get("/surfaces/no-such-surface")
                .then().statusCode(404)
                .body("field", equalTo("surfaceId"));
    }

    private List<SurfaceChunk> chunksOf(String surfaceId) {
        List<SurfaceChunk> chunks = new ArrayList<>();
        KafkaTopics.readAll(bootstrapServers, Topics.SURFACE_CHUNKS).stream()
                .filter(r -> r.key().equals(surfaceId))
                .forEach(r -> chunks.add(Json.fromJson(r.value(), SurfaceChunk.class)));
        return chunks;
    }

    private int partitionCount(String topic) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    /**
     * Filter normalization: each filter of a conv weight (first axis) has the norm of the same
     * filter in θ. Float32 sums over 144–576 values: relative tolerance 1e-4.
     */
    private static void assertFilterNormalized(ParameterTensors direction) {
        int checked = 0;
        for (ParameterTensor d : direction) {
            if (d.rank() != 4) {
                continue;
            }
            ParameterTensor w = theta.get(d.name());
            int filters = (int) d.shape()[0];
            int perFilter = d.size() / filters;
            for (int f : new int[] {0, filters - 1}) {
                double dNorm = norm(d, f * perFilter, perFilter);
                double wNorm = norm(w, f * perFilter, perFilter);
                assertEquals(wNorm, dNorm, 1e-4 * wNorm, d.name() + " filter " + f);
            }
            checked++;
        }
        assertEquals(theta.tensors().stream().filter(t -> t.rank() == 4).count(), checked);
    }

    private static void assertZeroBelowRankTwo(ParameterTensors direction) {
        for (ParameterTensor d : direction) {
            if (d.rank() <= 1) {
                assertEquals(0.0, norm(d, 0, d.size()), 0.0, d.name() + " (" + d.kind() + ")");
            }
        }
        assertTrue(direction.tensors().stream()
                .anyMatch(d -> d.kind() == ParameterKind.RUNNING_VAR));
    }

    /** Cosine of the angle between two directions of the same layout, over every value. */
    private static double cosine(ParameterTensors a, ParameterTensors b) {
        double dot = 0;
        double squaresA = 0;
        double squaresB = 0;
        for (ParameterTensor ta : a) {
            ParameterTensor tb = b.get(ta.name());
            assertEquals(ta.size(), tb.size(), ta.name());
            for (int k = 0; k < ta.size(); k++) {
                dot += (double) ta.value(k) * tb.value(k);
                squaresA += (double) ta.value(k) * ta.value(k);
                squaresB += (double) tb.value(k) * tb.value(k);
            }
        }
        return dot / Math.sqrt(squaresA * squaresB);
    }

    private static double norm(ParameterTensor tensor, int from, int count) {
        double sum = 0;
        for (int k = from; k < from + count; k++) {
            sum += (double) tensor.value(k) * tensor.value(k);
        }
        return Math.sqrt(sum);
    }
}
