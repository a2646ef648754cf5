package org.losscape.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void nonFiniteDoubles_roundTrip_asStrings() {
        PointValue nan = new PointValue(0, 0, 0, 0.5, -0.5, Double.NaN, 0.1);
        PointValue inf = new PointValue(1, 0, 1, 0.5, 0.5, Double.POSITIVE_INFINITY, 0.1);
        PointValue negInf = new PointValue(2, 1, 0, 1, 0, Double.NEGATIVE_INFINITY, 0.1);
        ChunkValues chunk = new ChunkValues("s1", 0, "w", 1.5, List.of(nan, inf, negInf));

        String json = Json.toJson(chunk);
        ChunkValues back = Json.fromJson(json, ChunkValues.class);

        assertTrue(json.contains("\"loss\":\"NaN\""), json);
        assertTrue(json.contains("\"loss\":\"Infinity\""), json);
        assertTrue(json.contains("\"loss\":\"-Infinity\""), json);
        assertEquals(chunk, back);
        assertTrue(Double.isNaN(back.points().get(0).loss()));
        assertEquals(Double.POSITIVE_INFINITY, back.points().get(1).loss());
        assertEquals(Double.NEGATIVE_INFINITY, back.points().get(2).loss());
    }

    @Test
    void nonFiniteLiterals_fromOtherWriters_areRead() {
        String json = "{\"index\":3,\"i\":1,\"j\":0,\"alpha\":1.0,\"beta\":0.0,"
                + "\"loss\":NaN,\"accuracy\":-Infinity}";

        PointValue value = Json.fromJson(json, PointValue.class);

        assertTrue(Double.isNaN(value.loss()));
        assertEquals(Double.NEGATIVE_INFINITY, value.accuracy());
    }

    @Test
    void instant_isWrittenAsIsoString_andReadBack() throws Exception {
        Instant at = Instant.parse("2025-03-04T05:06:07.123Z");
        CheckpointEvent event = new CheckpointEvent("run-1", "resnet20", "cifar10", 2, 2,
                "runs/run-1/checkpoints/epoch-0002.params",
                new EpochMetrics(0.5, 0.8, Double.NaN, 0.7, 0.1, 12.5), true, at,
                /* autoSurface= */ false);

        JsonNode tree = Json.mapper().readTree(Json.toBytes(event));
        CheckpointEvent back = Json.fromBytes(Json.toBytes(event), CheckpointEvent.class);

        assertEquals("2025-03-04T05:06:07.123Z", tree.get("createdAt").asText());
        assertEquals("NaN", tree.get("metrics").get("testLoss").asText());
        assertEquals(event, back);
    }

    @Test
    void checkpointEvent_withoutAutoSurface_readsAsNullAndFollowsTheServiceDefault() {
        String written = "{\"runId\":\"run-1\",\"model\":\"resnet20\",\"dataset\":\"cifar10\","
                + "\"epoch\":2,\"epochs\":2,\"checkpointKey\":\"k\",\"last\":true,"
                + "\"createdAt\":\"2025-03-04T05:06:07Z\"}";

        CheckpointEvent event = Json.fromJson(written, CheckpointEvent.class);

        assertNull(event.autoSurface());
        assertTrue(event.wantsAutoSurface(/* serviceDefault= */ true));
        assertFalse(event.wantsAutoSurface(/* serviceDefault= */ false));
    }

    @Test
    void checkpointEvent_autoSurfaceSet_overridesTheServiceDefaultOnlyWhenLast() {
        CheckpointEvent asked = event(/* last= */ true, /* autoSurface= */ true);
        CheckpointEvent refused = event(/* last= */ true, /* autoSurface= */ false);
        CheckpointEvent notLast = event(/* last= */ false, /* autoSurface= */ true);

        assertTrue(asked.wantsAutoSurface(/* serviceDefault= */ false));
        assertFalse(refused.wantsAutoSurface(/* serviceDefault= */ true));
        assertFalse(notLast.wantsAutoSurface(/* serviceDefault= */ true));
    }

    /** A run cancelled while queued has no epoch: null, not epoch 0, which it never had. */
    @Test
    void runEnded_withoutAnyCheckpoint_lastEpochStaysNullNotZero() throws Exception {
        RunEnded ended = new RunEnded("run-1", RunEnded.CANCELLED, null, null, "resnet20",
                "cifar10", 3, Instant.parse("2025-03-04T05:06:07Z"));

        String json = Json.toJson(ended);
        RunEnded back = Json.fromJson(json, RunEnded.class);

        assertTrue(Json.mapper().readTree(json).get("lastEpoch").isNull(), json);
        assertNull(back.lastEpoch());
        assertEquals(ended, back);
    }

    @Test
    void unknownProperty_isIgnored() {
        String json = "{\"dataset\":\"cifar10\",\"split\":\"train\",\"size\":10,\"extra\":1}";

        assertEquals(
                new EvalSetSpec("cifar10", "train", 10), Json.fromJson(json, EvalSetSpec.class));
    }

    /** Jackson truncates 2.5 to 2 unless told not to; a fraction for a count is an error. */
    @Test
    void fractionWhereAnIntegerBelongs_isRejectedNotTruncated() {
        String json = "{\"min\":-1,\"max\":1,\"points\":2.5}";
        ObjectMapper configured = Json.configure(new ObjectMapper());

        UncheckedIOException shared = assertThrows(UncheckedIOException.class,
                () -> Json.fromJson(json, Axis.class));
        MismatchedInputException other = assertThrows(MismatchedInputException.class,
                () -> configured.readValue(json, Axis.class));

        assertTrue(shared.getCause() instanceof MismatchedInputException, shared.toString());
        assertEquals("points", other.getPath().get(0).getFieldName());
    }

    @Test
    void wholeNumberWhereAnIntegerBelongs_isRead() {
        assertEquals(new Axis(-1, 1, 3), Json.fromJson("{\"min\":-1,\"max\":1,\"points\":3}",
                Axis.class));
    }

    @Test
    void malformedJson_fails_withTypeInMessage() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Json.fromJson("{\"dataset\":", EvalSetSpec.class));

        assertTrue(e.getMessage().contains("EvalSetSpec"), e.getMessage());
    }

    @Test
    void configure_givesAnotherMapper_theSameBehaviour() throws Exception {
        ObjectMapper other = Json.configure(new ObjectMapper());

        String json = other.writeValueAsString(new Axis(Double.NaN, 1, 3));

        assertEquals("{\"min\":\"NaN\",\"max\":1.0,\"points\":3}", json);
        assertTrue(Double.isNaN(other.readValue(json, Axis.class).min()));
    }

    /** A record with every kind of field a request body has. */
    record Request(Integer count, Double rate, String name, Boolean flag, List<Integer> steps,
            Axis axis) {}

    @Test
    void configureForRequests_leftOutFields_readAsNull() throws Exception {
        ObjectMapper strict = Json.configureForRequests(Json.configure(new ObjectMapper()));

        Request request = strict.readValue("{\"rate\": \"NaN\", \"steps\": [1]}",
                Request.class);

        assertEquals(new Request(null, Double.NaN, null, null, List.of(1), null), request);
        assertNull(strict.readValue("null", Request.class));
    }

    @Test
    void configureForRequests_explicitNull_failsWithItsPath() {
        ObjectMapper strict = Json.configureForRequests(Json.configure(new ObjectMapper()));

        for (String body : List.of("{\"count\": null}", "{\"steps\": null}",
                "{\"steps\": [1, null]}", "{\"axis\": null}")) {
            InvalidNullException e = assertThrows(InvalidNullException.class,
                    () -> strict.readValue(body, Request.class), body);

            assertFalse(e.getPath().isEmpty(), body);
        }
    }

    @Test
    void configureForRequests_valueOfAnotherJsonType_fails() {
        ObjectMapper strict = Json.configureForRequests(Json.configure(new ObjectMapper()));

        for (String body : List.of("{\"count\": \"3\"}", "{\"rate\": \"0.5\"}",
                "{\"flag\": \"true\"}", "{\"flag\": 1}", "{\"name\": 3}",
                "{\"name\": false}", "{\"unknown\": 1}")) {
            assertThrows(MismatchedInputException.class,
                    () -> strict.readValue(body, Request.class), body);
        }
    }

    @Test
    void configureForRequests_leavesTheSharedMapperLenient() throws Exception {
        Json.configureForRequests(Json.configure(new ObjectMapper()));

        Request request = Json.mapper().readValue("{\"count\": \"3\", \"name\": null}",
                Request.class);

        assertEquals(3, request.count());
    }

    private static CheckpointEvent event(boolean last, Boolean autoSurface) {
        return new CheckpointEvent("run-1", "resnet20", "cifar10", 1, 2, "k", null, last,
                Instant.EPOCH, autoSurface);
    }
}
