package org.losscape.surface;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.losscape.storage.ObjectStore;

/**
 * Readiness of the object store: whether the bucket exists and answers within a few seconds.
 * A worker that cannot read checkpoints and directions sends every chunk to the dead-letter
 * topic. Kafka's readiness is reported by the messaging extension.
 *
 * <p>The probe has its own client with short timeouts, so that a hung store fails the check
 * in seconds instead of holding the probe for the data path's transfer timeout.
 */
@Readiness
@ApplicationScoped
class ObjectStoreReadiness implements HealthCheck {

    private static final ObjectStore.Retries QUICK = new ObjectStore.Retries(
            0, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(3));

    private final ObjectStore probe;

    ObjectStoreReadiness(StorageConfig config) {
        this.probe = ObjectStore.connect(config.endpoint(), config.accessKey(),
                config.secretKey(), config.bucket(), QUICK);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-store")
                .status(probe.bucketReachable())
                .withData("endpoint", probe.endpoint())
                .withData("bucket", probe.bucket())
                .build();
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
