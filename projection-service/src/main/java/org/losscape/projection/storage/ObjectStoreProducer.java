package org.losscape.projection.storage;

import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.losscape.storage.ObjectStore;
import org.losscape.storage.StorageException;

/** Makes the one {@link ObjectStore} of the service injectable. */
final class ObjectStoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config) {
        ObjectStore store = ObjectStore.connect(
                config.endpoint(), config.accessKey(), config.secretKey(), config.bucket());
        try {
            store.ensureBucket();
        } catch (StorageException e) {
            // The readiness check reports it; the service can start before the store does.
            Log.warnf("bucket %s at %s is not available yet: %s",
                    config.bucket(), config.endpoint(), e.getMessage());
        }
        return store;
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
