package org.losscape.surface;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.losscape.storage.ObjectStore;

/** Connects the object store once per process; the client is thread-safe. */
class ObjectStoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config) {
        return ObjectStore.connect(
                config.endpoint(), config.accessKey(), config.secretKey(), config.bucket());
    }
}
