package org.losscape.trainer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.losscape.storage.ObjectStore;

/**
 * Ready only while the object store answers: without it no checkpoint can be stored. Makes
 * sure the bucket exists (idempotent), which also proves the credentials.
 */
@Readiness
@ApplicationScoped
class ObjectStoreReadiness implements HealthCheck {

    /** No retries and short timeouts: a probe must answer quickly, and recurs anyway. */
    private static final ObjectStore.Retries PROBE_RETRIES = new ObjectStore.Retries(0,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    private final ObjectStore probe;

    ObjectStoreReadiness(StorageConfig config) {
        this.probe = ObjectStore.connect(config.endpoint(), config.accessKey(),
                config.secretKey(), config.bucket(), PROBE_RETRIES);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            probe.ensureBucket();
            return HealthCheckResponse.named("object-store").up()
                    .withData("endpoint", probe.endpoint())
                    .withData("bucket", probe.bucket())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-store").down()
                    .withData("endpoint", probe.endpoint())
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
