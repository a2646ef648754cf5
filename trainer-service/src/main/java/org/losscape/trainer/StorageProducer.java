package org.losscape.trainer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.losscape.storage.ObjectStore;

/** The object store of the service, retrying transient failures. */
@ApplicationScoped
class StorageProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(StorageConfig config) {
        return ObjectStore.connect(config.endpoint(), config.accessKey(), config.secretKey(),
                config.bucket());
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
