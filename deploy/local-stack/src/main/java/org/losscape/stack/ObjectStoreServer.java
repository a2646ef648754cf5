package org.losscape.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible object store on loopback: S3Proxy keeping objects as plain files under
 * {@code <objects>/<bucket>/<key>}, checking AWS v2/v4 signatures against one key pair.
 * The MinIO client of the services talks to it as to MinIO.
 */
final class ObjectStoreServer {

    static final String ACCESS_KEY = "losscape";
    static final String SECRET_KEY = "losscape-local-secret";
    static final String BUCKET = "losscape";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private ObjectStoreServer() {}

    /**
     * Starts S3Proxy keeping objects under {@code objects} with the bucket already present, its
     * configuration in {@code dir} and its output in {@code logs}; returns once it accepts
     * connections.
     */
    static ChildProcess start(
            Installation installation, Path dir, Path objects, Path logs, int port) {
        Path properties = dir.resolve("s3proxy.properties");
        try {
            // With the filesystem provider a bucket is a folder: creating it here saves every
            // service a race to create it.
            Files.createDirectories(objects.resolve(BUCKET));
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + objects,
                    ""));
        } catch (IOException e) {
            throw new StackException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }

        ChildProcess server = ChildProcess.start(
                "s3proxy",
                List.of(Jvm.java(), "-Xmx256m", "-jar", installation.s3proxyJar().toString(),
                        "--properties", properties.toString()),
                Map.of(),
                dir,
                logs.resolve("s3proxy.log"));
        Readiness.await(server, START_TIMEOUT, () -> Readiness.portOpen(port));
        return server;
    }
}
