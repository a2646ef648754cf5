package org.losscape.storage;

/** The requested key is not in the bucket (S3's {@code NoSuchKey}); never retried. */
public class NoSuchObjectException extends StorageException {

    private final String bucket;
    private final String key;

    public NoSuchObjectException(String bucket, String key) {
        super("no object '" + key + "' in bucket '" + bucket + "'");
        this.bucket = bucket;
        this.key = key;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }
}
