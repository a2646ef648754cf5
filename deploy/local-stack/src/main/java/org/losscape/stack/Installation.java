package org.losscape.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the built pieces of a Losscape checkout are: the Kafka broker's jars, the S3Proxy jar
 * and each service's Quarkus fast-jar, all under the repository root {@code home}.
 */
public record Installation(Path home) {

    /** How to build what is missing; quoted in errors. */
    static final String BUILD_COMMAND = "mvn -q package -DskipTests";

    /**
     * The checkout this command runs from: the system property {@code losscape.home} (set by
     * {@code ./losscape} and by the build), else the working directory.
     */
    public static Installation locate() {
        String home = System.getProperty("losscape.home", System.getProperty("user.dir"));
        return new Installation(Path.of(home).toAbsolutePath().normalize());
    }

    Path kafkaLib() {
        return home.resolve("deploy/local-infra/target/kafka-lib");
    }

    Path s3proxyJar() {
        return home.resolve("deploy/local-infra/target/s3proxy.jar");
    }

    Path serviceJar(Service service) {
        return home.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Fails with the build command to run when any built piece is missing. */
    public void requireBuilt() {
        List<Path> missing = new ArrayList<>();
        if (!Files.isDirectory(kafkaLib())) {
            missing.add(kafkaLib());
        }
        if (!Files.isRegularFile(s3proxyJar())) {
            missing.add(s3proxyJar());
        }
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(serviceJar(service))) {
                missing.add(serviceJar(service));
            }
        }
        if (!missing.isEmpty()) {
            throw new StackException("not built yet: " + missing + "; run `" + BUILD_COMMAND
                    + "` in " + home + " (./losscape does that by itself)");
        }
    }
}
