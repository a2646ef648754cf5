package org.losscape.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) running inside the test
 * JVM on loopback ports, with its log in a temporary folder.
 *
 * <p>{@link #shared()} starts it on first use and keeps it for the rest of the JVM, shared by
 * every test class and every Quarkus application restart; a shutdown hook stops it and deletes
 * its folder. Topics are created on first use with {@value #PARTITIONS} partitions, so tests
 * need not create them. Internal topics have one replica and consumer groups start without
 * the usual rebalance delay.
 */
public final class KafkaBroker {

    /** Partitions of an auto-created topic: enough to spread a consumer group over. */
    public static final int PARTITIONS = 4;

    private static final String REGISTRY = "losscape.test-support.kafka.bootstrap-servers";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static KafkaBroker shared;

    private final String bootstrapServers;

    private KafkaBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The JVM's broker, started on the first call (which may take a few seconds). */
    public static KafkaBroker shared() {
        synchronized (Loopback.jvmWideLock("kafka")) {
            if (shared == null) {
                String running = System.getProperty(REGISTRY);
                shared = new KafkaBroker(running != null ? running : start());
                System.setProperty(REGISTRY, shared.bootstrapServers);
            }
            return shared;
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    private static String start() {
        Path logDir = createTempDir();
        int brokerPort = Loopback.freePort();
        int controllerPort = Loopback.freePort();
        String bootstrap = Loopback.HOST + ":" + brokerPort;

        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(
                KafkaConfig.fromProps(config(logDir, brokerPort, controllerPort)), Time.SYSTEM);
        server.startup();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            deleteTree(logDir);
        }, "kafka-broker-stop"));

        awaitReady(bootstrap);
        return bootstrap;
    }

    private static Properties config(Path logDir, int brokerPort, int controllerPort) {
        String broker = "PLAINTEXT://" + Loopback.HOST + ":" + brokerPort;
        String controller = "CONTROLLER://" + Loopback.HOST + ":" + controllerPort;
        Properties config = new Properties();
        config.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + Loopback.HOST + ":" + controllerPort),
                Map.entry("listeners", broker + "," + controller),
                Map.entry("advertised.listeners", broker),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", String.valueOf(PARTITIONS)),
                Map.entry("auto.create.topics.enable", "true"),
                // One node: internal topics must not wait for replicas that never come.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // A test's consumer should get its partitions at once, not after 3 s.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The default 128 MiB compaction buffer is a waste in a test JVM.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024)),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2")));
        return config;
    }

    private static void format(Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log folder " + logDir, e);
        }
    }

    private static void awaitReady(String bootstrap) {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.describeCluster()
                    .nodes()
                    .get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker at " + bootstrap + " did not start", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("losscape-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the Kafka log", e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Leftovers in the temporary folder are harmless.
        }
    }
}
