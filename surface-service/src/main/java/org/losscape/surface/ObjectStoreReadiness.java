package org.losscape.surface;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.losscape.storage.ObjectStore;

/**
 * Readiness of the object store: whether the bucket answers a lookup within a few seconds. A
 * worker that cannot read checkpoints and directions sends every chunk to the dead-letter
 * topic. Kafka's readiness is reported by the messaging extension.
 *
 * <p>The probe has its own client without retries, so that a slow store makes the check fail
 * quickly instead of holding the probe through the data path's retries.
 */
@Readiness
@ApplicationScoped
class ObjectStoreReadiness implements HealthCheck {

    /** Any key answers whether the bucket is reachable; this one is never written. */
    private static final String PROBE_KEY = "readiness-probe";

    private static final ObjectStore.Retries NO_RETRIES = new ObjectStore.Retries(
            0, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(3));

    private final ObjectStore probe;

    ObjectStoreReadiness(StorageConfig config) {
        this.probe = ObjectStore.connect(config.endpoint(), config.accessKey(),
                config.secretKey(), config.bucket(), NO_RETRIES);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            probe.exists(PROBE_KEY);
            return HealthCheckResponse.named("object-store").up()
                    .withData("bucket", probe.bucket())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-store").down()
                    .withData("bucket", probe.bucket())
                    .withData("error", e.toString())
                    .build();
        }
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
