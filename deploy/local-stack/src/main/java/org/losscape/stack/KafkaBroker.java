package org.losscape.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), started from
 * the jars in {@code deploy/local-infra/target/kafka-lib}, listening on 127.0.0.1 only.
 *
 * <p>Topics are created on first use with {@code partitions} partitions, so that every
 * surface-service replica of the consumer group can own a share of {@code surface-chunks}.
 *
 * <p>A work folder of an earlier run keeps its broker data: the storage is formatted again
 * with the cluster id it already has (read from {@code data/meta.properties}), which the
 * storage tool accepts as formatted, and the broker starts on the old topics and offsets. A
 * new id would make the tool refuse the folder.
 */
final class KafkaBroker {

    /** Printed by {@code KafkaRaftServer} once both the controller and the broker serve. */
    private static final String STARTED = "Kafka Server started";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** Written by the storage tool into a formatted data folder; holds its cluster.id. */
    private static final String META_PROPERTIES = "meta.properties";

    /** An exception that ended the tool: {@code Exception in thread "main" a.b.C: message}. */
    private static final Pattern UNCAUGHT =
            Pattern.compile("Exception in thread \"[^\"]*\" [\\w.$]+: (.*)");

    private KafkaBroker() {}

    /**
     * Formats the broker's data folder under {@code dir} (once) and starts the broker, its
     * output going to {@code logs}; returns once it serves.
     */
    static ChildProcess start(Installation installation, Path dir, Path logs, int port,
            int controllerPort, int partitions) {
        Path properties = dir.resolve("server.properties");
        Path data = dir.resolve("data");
        writeProperties(properties, data, port, controllerPort, partitions);
        String classPath = installation.kafkaLib() + "/*";

        ChildProcess format = ChildProcess.start(
                "kafka-storage-format",
                List.of(Jvm.java(), "-Xmx256m", "-cp", classPath, "kafka.tools.StorageTool",
                        "format", "--ignore-formatted", "-t", clusterId(data),
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
     * The cluster id of the storage in {@code data} when an earlier run formatted it, else a
     * new one.
     */
    static String clusterId(Path data) {
        Path meta = data.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return newClusterId();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(meta, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (IOException e) {
            throw new StackException("cannot read " + meta + " (" + e.getMessage() + "), the"
                    + " broker data of an earlier run; use another --work-dir", e);
        }
        String id = properties.getProperty("cluster.id", "").trim();
        if (id.isEmpty()) {
            throw new StackException(meta + " has no cluster.id, so the broker data of an"
                    + " earlier run there cannot be reused; use another --work-dir");
        }
        return id;
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
            throw new StackException(process.name() + " (Kafka's storage tool) failed with code "
                    + process.exitCode() + ": " + errorLine(process.output()) + "\n(its output: "
                    + process.log() + ")");
        }
    }

    /**
     * What the storage tool says went wrong: the message of the exception it ends with (such
     * as "Invalid cluster.id in: .../meta.properties. Expected ..., but read ..."), else its
     * last line that is not indented. Its output begins with a dump of the whole broker
     * configuration, which would bury the reason.
     */
    static String errorLine(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher exception = UNCAUGHT.matcher(lines.get(i));
            if (exception.matches()) {
                return exception.group(1);
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!Character.isWhitespace(lines.get(i).charAt(0))) {
                return lines.get(i);
            }
        }
        return "it printed nothing";
    }
}
