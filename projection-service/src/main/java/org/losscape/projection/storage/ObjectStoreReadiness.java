package org.losscape.projection.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.losscape.storage.ObjectStore;

/** Ready when the bucket answers to a single, unretried request. */
@Readiness
@ApplicationScoped
class ObjectStoreReadiness implements HealthCheck {

    private final ObjectStore store;

    ObjectStoreReadiness(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-store")
                .status(store.bucketReachable())
                .withData("endpoint", store.endpoint())
                .withData("bucket", store.bucket())
                .build();
    }
}
