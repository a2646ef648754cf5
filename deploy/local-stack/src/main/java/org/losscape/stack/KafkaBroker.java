package org.losscape.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), started from
 * the jars in {@code deploy/local-infra/target/kafka-lib}, listening on 127.0.0.1 only.
 *
 * <p>Topics are created on first use with {@code partitions} partitions, so that every
 * surface-service replica of the consumer group can own a share of {@code surface-chunks}.
 */
final class KafkaBroker {

    /** Printed by {@code KafkaRaftServer} once both the controller and the broker serve. */
    private static final String STARTED = "Kafka Server started";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private KafkaBroker() {}

    /**
     * Formats the broker's data folder under {@code dir} (once) and starts the broker, its
     * output going to {@code logs}; returns once it serves.
     */
    static ChildProcess start(Installation installation, Path dir, Path logs, int port,
            int controllerPort, int partitions) {
        Path properties = dir.resolve("server.properties");
        writeProperties(properties, dir.resolve("data"), port, controllerPort, partitions);
        String classPath = installation.kafkaLib() + "/*";

        ChildProcess format = ChildProcess.start(
                "kafka-storage-format",
                List.of(Jvm.java(), "-Xmx256m", "-cp", classPath, "kafka.tools.StorageTool",
                        "format", "--ignore-formatted", "-t", newClusterId(),
                        "-c", properties.toString()),
                Map.of(),
                dir,
                logs.resolve("kafka-format.log"));
        awaitSuccess(format);

        ChildProcess broker = ChildProcess.start(
                "kafka",
                List.of(Jvm.java(), "-Xmx512m", "-Xms128m",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-cp", classPath, "kafka.Kafka", properties.toString()),
                Map.of(),
                dir,
                logs.resolve("kafka.log"));
        Readiness.await(broker, START_TIMEOUT,
                () -> broker.logContains(STARTED) && Readiness.portOpen(port));
        return broker;
    }

    private static void writeProperties(
            Path file, Path data, int port, int controllerPort, int partitions) {
        String text = String.join("\n",
                "# Written by the losscape command: a single-node KRaft broker on loopback.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "# Partitions of auto-created topics: one share per surface worker and more.",
                "num.partitions=" + partitions,
                "auto.create.topics.enable=true",
                "# One node: every internal topic has one replica.",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "# A consumer group starts consuming at once instead of waiting 3 s for members.",
                "group.initial.rebalance.delay.ms=0",
                "");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A Kafka cluster id: 16 random bytes, URL-safe Base64 without padding, never starting with
     * '-'. One id in 64 would otherwise begin with it, and the storage tool's argument parser
     * then reads the value of {@code -t} as an option and refuses to format.
     */
    static String newClusterId() {
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        } while (id.startsWith("-"));
        return id;
    }

    private static void awaitSuccess(ChildProcess process) {
        try {
            if (!process.waitFor(FORMAT_TIMEOUT)) {
                process.requestStop();
                process.awaitStop(Duration.ofSeconds(5));
                throw new StackException(process.name() + " did not finish in "
                        + FORMAT_TIMEOUT.toSeconds() + " s; see " + process.log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while formatting Kafka's log directory", e);
        }
        if (process.exitCode() != 0) {
            throw new StackException(process.name() + " failed with code " + process.exitCode()
                    + "; end of " + process.log() + ":\n" + process.tail(20));
        }
    }
}
