package org.losscape.storage;

/**
 * An object-store operation failed for good: the failure was not transient, or it still
 * failed after the retries of {@link ObjectStore}. The message names the bucket and key.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    StorageException(String message) {
        super(message);
    }
}
