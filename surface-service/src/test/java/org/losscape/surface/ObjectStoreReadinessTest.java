package org.losscape.surface;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losscape.testsupport.KafkaBroker;

/**
 * Readiness with the object store unreachable (a closed loopback port) and the broker up. Its
 * own profile restarts the application, which also shows that the PyTorch engine starts again
 * in a second class loader of the same JVM.
 */
@QuarkusTest
@TestProfile(ObjectStoreReadinessTest.StoreUnreachable.class)
class ObjectStoreReadinessTest {

    @Test
    void readiness_objectStoreUnreachable_reportsDown() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.findAll { it.name == 'object-store' }.status", hasItem("DOWN"));
    }

    public static class StoreUnreachable implements QuarkusTestProfile {

        /** The other classes' infrastructure resource would point the store at S3 again. */
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "losscape.storage.endpoint", "http://127.0.0.1:" + closedPort(),
                    "losscape.storage.access-key", "nobody",
                    "losscape.storage.secret-key", "nothing-at-all",
                    "quarkus.devservices.enabled", "false");
        }

        /** A loopback port that was free a moment ago and has no listener now. */
        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
