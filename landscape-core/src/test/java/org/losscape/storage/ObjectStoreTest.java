package org.losscape.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.PointValue;
import org.losscape.testsupport.S3Server;

class ObjectStoreTest {

    private static final ObjectStore.Retries FAST_RETRIES = new ObjectStore.Retries(
            2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    private static S3Server server;
    private static ObjectStore store;

    @BeforeAll
    static void startServer() {
        server = S3Server.shared();
        store = ObjectStore.connect(server.endpoint(), server.accessKey(), server.secretKey(),
                "store-" + UUID.randomUUID().toString().substring(0, 8));
        store.ensureBucket();
    }

    @Test
    void put_thenGet_returnsTheSameBytes() {
        byte[] bytes = new byte[100_000];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) (k * 31);
        }

        store.put("runs/r1/checkpoints/epoch-0001.params", bytes, "application/octet-stream");

        assertArrayEquals(bytes, store.get("runs/r1/checkpoints/epoch-0001.params"));
    }

    @Test
    void put_existingKey_replacesTheObject() {
        store.put("replace/me", bytes("first"), "text/plain");

        store.put("replace/me", bytes("second"), "text/plain");

        assertArrayEquals(bytes("second"), store.get("replace/me"));
    }

    @Test
    void get_missingKey_throwsNoSuchObject_namingTheKey() {
        NoSuchObjectException e = assertThrows(NoSuchObjectException.class,
                () -> store.get("surfaces/nope/surface.json"));

        assertEquals("surfaces/nope/surface.json", e.key());
        assertTrue(e.getMessage().contains("surfaces/nope/surface.json"), e.getMessage());
    }

    @Test
    void exists_tellsStoredFromMissing() {
        store.put("exists/yes", bytes("x"), "text/plain");

        assertTrue(store.exists("exists/yes"));
        assertFalse(store.exists("exists/no"));
    }

    @Test
    void list_returnsKeysUnderThePrefix_sorted_atAnyDepth() {
        store.put("list/b/2", bytes("x"), "text/plain");
        store.put("list/a", bytes("x"), "text/plain");
        store.put("list/b/1", bytes("x"), "text/plain");
        store.put("listing-other", bytes("x"), "text/plain");

        assertEquals(List.of("list/a", "list/b/1", "list/b/2"), store.list("list/"));
        assertEquals(List.of(), store.list("nothing-here/"));
    }

    @Test
    void putJson_nonFiniteLoss_roundTrips() {
        PointValue value = new PointValue(4, 1, 1, 0.5, 0.5, Double.POSITIVE_INFINITY, 0.1);

        store.putJson("json/point.json", value);

        assertEquals(value, store.getJson("json/point.json", PointValue.class));
    }

    @Test
    void delete_removesTheKey_andMissingKeyIsNoError() {
        store.put("delete/me", bytes("x"), "text/plain");

        store.delete("delete/me");
        store.delete("delete/me");

        assertFalse(store.exists("delete/me"));
    }

    @Test
    void ensureBucket_newBucket_createsIt_andASecondCallIsNoError() {
        ObjectStore fresh = ObjectStore.connect(server.endpoint(), server.accessKey(),
                server.secretKey(), "fresh-" + UUID.randomUUID().toString().substring(0, 8));

        fresh.ensureBucket();
        fresh.ensureBucket();
        fresh.put("k", bytes("v"), "text/plain");

        assertArrayEquals(bytes("v"), fresh.get("k"));
    }

    @Test
    void unreachableEndpoint_failsAfterRetries_withStorageExceptionNamingKeyAndEndpoint() {
        String endpoint = "http://127.0.0.1:" + closedPort();
        ObjectStore unreachable =
                ObjectStore.connect(endpoint, "a", "b", "bucket", FAST_RETRIES);

        StorageException e = assertThrows(StorageException.class,
                () -> unreachable.get("runs/r/run.json"));

        assertTrue(e.getMessage().contains("runs/r/run.json"), e.getMessage());
        assertTrue(e.getMessage().contains(endpoint), e.getMessage());
        assertInstanceOf(java.io.IOException.class, e.getCause());
    }

    @Test
    void bucketReachable_existingBucket_true_missingBucketOrServer_false() {
        ObjectStore missingBucket = ObjectStore.connect(server.endpoint(), server.accessKey(),
                server.secretKey(), "no-such-bucket");
        ObjectStore noServer = ObjectStore.connect(
                "http://127.0.0.1:" + closedPort(), "a", "b", "bucket", FAST_RETRIES);

        assertTrue(store.bucketReachable());
        assertFalse(missingBucket.bucketReachable());
        assertFalse(noServer.bucketReachable());
    }

    @Test
    void wrongSecret_failsWithStorageException_notNoSuchObject() {
        ObjectStore denied = ObjectStore.connect(server.endpoint(), server.accessKey(),
                "wrong-secret", store.bucket(), FAST_RETRIES);

        StorageException e = assertThrows(StorageException.class,
                () -> denied.get("anything"));

        assertFalse(e instanceof NoSuchObjectException);
        assertTrue(e.getMessage().contains("anything"), e.getMessage());
    }

    @Test
    void connect_blankBucket_isRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectStore.connect(server.endpoint(), "a", "b", " "));

        assertTrue(e.getMessage().startsWith("bucket"), e.getMessage());
    }

    @Test
    void retries_maxDelayNotAboveInitialDelay_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ObjectStore.Retries(1, Duration.ofSeconds(2), Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)));

        assertTrue(e.getMessage().startsWith("maxDelay"), e.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
