package org.losscape.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A Quarkus test resource that points a service at the JVM's shared {@link KafkaBroker} and
 * {@link S3Server} (starting them if needed) and creates the bucket {@value #BUCKET}.
 *
 * <p>It sets {@code kafka.bootstrap.servers}, {@code losscape.storage.endpoint},
 * {@code losscape.storage.access-key}, {@code losscape.storage.secret-key} and
 * {@code losscape.storage.bucket}, and turns Dev Services off so that Quarkus starts no
 * containers of its own. {@link #stop()} leaves both servers running for the next test class;
 * they stop with the JVM.
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /** The bucket every service uses by default. */
    public static final String BUCKET = "losscape";

    @Override
    public Map<String, String> start() {
        // Both take seconds to start; overlapping them saves a few per test JVM.
        CompletableFuture<S3Server> s3 = CompletableFuture.supplyAsync(S3Server::shared);
        KafkaBroker kafka = KafkaBroker.shared();
        S3Server storage = s3.join();
        storage.createBucket(BUCKET);

        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "losscape.storage.endpoint", storage.endpoint(),
                "losscape.storage.access-key", storage.accessKey(),
                "losscape.storage.secret-key", storage.secretKey(),
                "losscape.storage.bucket", BUCKET,
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of the JVM; a shutdown hook stops them.
    }
}
