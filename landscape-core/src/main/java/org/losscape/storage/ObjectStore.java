package org.losscape.storage;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.losscape.messages.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bucket of an S3 object store (MinIO in a cluster, S3Proxy locally), reached with the
 * MinIO Java client. Thread-safe; open one per process and share it.
 *
 * <p>Every operation is retried with exponential backoff while the failure looks transient:
 * an I/O error (connection refused or reset, timeout), an HTTP 5xx, a response that is not S3
 * XML (a proxy's error page), or the S3 codes {@code InternalError}, {@code SlowDown},
 * {@code ServiceUnavailable} and {@code RequestTimeout}. Each retry is logged as a warning.
 * Other failures, and transient ones that outlast the retries, end in a
 * {@link StorageException} naming the operation, bucket and key; a missing key ends at once in
 * a {@link NoSuchObjectException}.
 */
public final class ObjectStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    private static final Set<String> TRANSIENT_CODES =
            Set.of("InternalError", "SlowDown", "ServiceUnavailable", "RequestTimeout");
    private static final Set<String> MISSING_CODES = Set.of("NoSuchKey", "NoSuchObject");
    private static final Set<String> BUCKET_EXISTS_CODES =
            Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

    private final MinioClient client;
    private final String endpoint;
    private final String bucket;
    private final Retries retries;

    private ObjectStore(MinioClient client, String endpoint, String bucket, Retries retries) {
        this.client = client;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.retries = retries;
    }

    /**
     * A store for {@code bucket} at {@code endpoint} (for example {@code http://minio:9000}),
     * retrying transient failures with {@link Retries#DEFAULT}. Connects lazily: nothing is
     * sent until the first operation.
     */
    public static ObjectStore connect(
            String endpoint, String accessKey, String secretKey, String bucket) {
        return connect(endpoint, accessKey, secretKey, bucket, Retries.DEFAULT);
    }

    /** As {@link #connect(String, String, String, String)} with explicit retry settings. */
    public static ObjectStore connect(
            String endpoint, String accessKey, String secretKey, String bucket, Retries retries) {
        requireText("endpoint", endpoint);
        requireText("accessKey", accessKey);
        requireText("secretKey", secretKey);
        requireText("bucket", bucket);
        Objects.requireNonNull(retries, "retries");

        MinioClient client;
        try {
            client = MinioClient.builder()
                    .endpoint(endpoint)
                    .credentials(accessKey, secretKey)
                    // A fixed region spares a bucket-location request before the first call.
                    .region("us-east-1")
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "endpoint (" + endpoint + ") must be a URL such as http://host:9000", e);
        }
        client.setTimeout(
                retries.connectTimeout().toMillis(),
                retries.transferTimeout().toMillis(),
                retries.transferTimeout().toMillis());
        return new ObjectStore(client, endpoint, bucket, retries);
    }

    public String endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket unless it exists; safe when several processes race to create it. */
    public void ensureBucket() {
        call("create bucket", "", () -> {
            if (client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                return null;
            }
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                if (!BUCKET_EXISTS_CODES.contains(e.errorResponse().code())) {
                    throw e;
                }
            }
            return null;
        });
    }

    /**
     * Whether the bucket exists and answers, asked once without retries: for health checks,
     * which must answer quickly and are repeated anyway.
     */
    public boolean bucketReachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            return false;
        }
    }

    /** Stores {@code bytes} under {@code key}, replacing any object there. */
    public void put(String key, byte[] bytes, String contentType) {
        requireText("key", key);
        Objects.requireNonNull(bytes, "bytes");
        requireText("contentType", contentType);

        call("put", key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                // A fresh stream per attempt: a retry must send the bytes from the start.
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .build()));
    }

    /** Stores {@code value} as JSON (see {@link Json}) under {@code key}. */
    public void putJson(String key, Object value) {
        put(key, Json.toBytes(value), "application/json");
    }

    /**
     * The bytes stored under {@code key}.
     *
     * @throws NoSuchObjectException if there is no such key
     */
    public byte[] get(String key) {
        requireText("key", key);

        return call("get", key, () -> {
            try (GetObjectResponse response = client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return response.readAllBytes();
            }
        });
    }

    /**
     * The JSON object under {@code key} read as a {@code type}.
     *
     * @throws NoSuchObjectException if there is no such key
     */
    public <T> T getJson(String key, Class<T> type) {
        return Json.fromBytes(get(key), type);
    }

    /** Whether an object is stored under {@code key}. */
    public boolean exists(String key) {
        requireText("key", key);

        return call("look up", key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * The keys that start with {@code prefix}, in lexicographic order, at any depth ("folders"
     * are not listed themselves). An empty prefix lists the whole bucket.
     */
    public List<String> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");

        return call("list", prefix + "*", () -> {
            List<String> keys = new ArrayList<>();
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            keys.sort(null);
            return keys;
        });
    }

    /** Removes {@code key}; removing a missing key is not an error. */
    public void delete(String key) {
        requireText("key", key);

        call("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.warn("closing the object-store client for {} failed: {}", endpoint, e.toString());
        }
    }

    private <T> T call(String action, String key, CheckedSupplier<T> operation) {
        try {
            return Failsafe.with(retryPolicy(action, key)).get(operation::get);
        } catch (FailsafeException e) {
            throw translate(action, key, e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            throw translate(action, key, e);
        }
    }

    private RuntimeException translate(String action, String key, Throwable failure) {
        if (failure instanceof ErrorResponseException e && isMissing(e)) {
            return new NoSuchObjectException(bucket, key);
        }
        if (failure instanceof StorageException e) {
            return e;
        }
        return new StorageException(
                "cannot " + action + " '" + key + "' in bucket '" + bucket + "' at " + endpoint
                        + ": " + describe(failure),
                failure);
    }

    private <T> RetryPolicy<T> retryPolicy(String action, String key) {
        return RetryPolicy.<T>builder()
                .handleIf(ObjectStore::isTransient)
                .withBackoff(retries.initialDelay(), retries.maxDelay())
                .withMaxRetries(retries.maxRetries())
                .onRetry(event -> LOG.warn(
                        "cannot {} '{}' in bucket '{}' at {} (attempt {}: {}), retrying",
                        action,
                        key,
                        bucket,
                        endpoint,
                        event.getAttemptCount(),
                        describe(event.getLastException())))
                .build();
    }

    private static boolean isTransient(Throwable failure) {
        if (failure instanceof ErrorResponseException e) {
            return TRANSIENT_CODES.contains(e.errorResponse().code());
        }
        return failure instanceof IOException
                || failure instanceof ServerException
                || failure instanceof InvalidResponseException;
    }

    private static boolean isMissing(ErrorResponseException e) {
        return MISSING_CODES.contains(e.errorResponse().code());
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ErrorResponseException e) {
            return e.errorResponse().code() + " " + e.errorResponse().message();
        }
        return failure == null ? "unknown failure" : failure.toString();
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " (" + value + ") must not be blank");
        }
    }

    /**
     * How {@link ObjectStore} retries transient failures.
     *
     * @param maxRetries retries after the first attempt, at least 0
     * @param initialDelay delay before the first retry; it doubles up to {@code maxDelay}
     * @param connectTimeout how long to wait for a TCP connection
     * @param transferTimeout how long to wait for a read or a write on an open connection
     */
    public record Retries(
            int maxRetries,
            Duration initialDelay,
            Duration maxDelay,
            Duration connectTimeout,
            Duration transferTimeout) {

        /** Six retries from 200 ms to 5 s apart: rides out about 15 s of unavailability. */
        public static final Retries DEFAULT = new Retries(
                6,
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofMinutes(2));

        public Retries {
            if (maxRetries < 0) {
                throw new IllegalArgumentException(
                        "maxRetries (" + maxRetries + ") must be >= 0");
            }
            requirePositive("initialDelay", initialDelay);
            requirePositive("maxDelay", maxDelay);
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("transferTimeout", transferTimeout);
            if (maxDelay.compareTo(initialDelay) <= 0) {
                throw new IllegalArgumentException("maxDelay (" + maxDelay
                        + ") must be longer than initialDelay (" + initialDelay + ")");
            }
        }

        /** These settings with {@code maxRetries} retries. */
        public Retries withMaxRetries(int maxRetries) {
            return new Retries(
                    maxRetries, initialDelay, maxDelay, connectTimeout, transferTimeout);
        }

        private static void requirePositive(String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " (" + value + ") must be > 0");
            }
        }
    }
}
