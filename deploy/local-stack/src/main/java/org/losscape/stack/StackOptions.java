package org.losscape.stack;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of every command that starts the stack: data, folders, ports, workers. */
final class StackOptions {

    private static final int MAX_WORKERS = 16;
    private static final int MAX_PORT = 65_535;

    @Option(names = "--cifar", paramLabel = "PATH",
            description = "CIFAR-10: the official cifar-10-binary.tar.gz, its unpacked"
                    + " cifar-10-batches-bin folder, or a folder holding that folder."
                    + " Default: $LOSSCAPE_CIFAR10, else"
                    + " ~/.cache/losscape/cifar-10-binary.tar.gz, downloaded when missing.")
    Path cifar;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Folder for logs, the broker's data and the object store."
                    + " Default: work/<command>-<date>-<time> in the checkout.")
    Path workDir;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "surface-service replicas (one consumer group)."
                    + " Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--worker-threads", paramLabel = "T",
            description = "PyTorch threads per surface worker."
                    + " Default: cores / workers, at least 1.")
    Integer workerThreads;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8081",
            description = "First HTTP port: trainer PORT, projection PORT+1, surface worker 1"
                    + " PORT+2, viz PORT+3, surface workers 2.. PORT+4..."
                    + " Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Kafka's client port; its controller uses PORT+1."
                    + " Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "9000",
            description = "The S3 server's port. Default: ${DEFAULT-VALUE}.")
    int s3Port;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "A configuration property for every service, e.g."
                    + " -Dquarkus.log.level=DEBUG. Repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The CIFAR-10 location of {@code --cifar}, else the variable, else the cached download. */
    Path data(Console console) {
        return CifarLocation.resolve(
                cifar, System.getenv(), CifarLocation.defaultCache(), console::say);
    }

    /** Checks workers, threads and ports before anything starts. */
    void check() {
        Flags.requireIn("--workers", workers, 1, MAX_WORKERS);
        if (workerThreads != null) {
            Flags.requireIn("--worker-threads", workerThreads, 1, 256);
        }
        // The HTTP ports run from PORT to PORT+3+workers-1, Kafka's controller is PORT+1.
        Flags.requireIn("--http-port", httpPort, 1, MAX_PORT - 2 - workers);
        Flags.requireIn("--kafka-port", kafkaPort, 1, MAX_PORT - 1);
        Flags.requireIn("--s3-port", s3Port, 1, MAX_PORT);

        requireApart(portRanges());
    }

    /**
     * The ports each port flag takes: the services' HTTP ports, Kafka's client and controller
     * ports, the object store's port.
     */
    List<PortRange> portRanges() {
        return List.of(
                new PortRange("--http-port", httpPort, httpPort + 2 + workers, "the services"),
                new PortRange("--kafka-port", kafkaPort, kafkaPort + 1, "Kafka"),
                new PortRange("--s3-port", s3Port, s3Port, "the object store"));
    }

    /**
     * Refuses ranges that share a port. Each range's ports are checked free one by one before
     * the start, so without this the second process on a shared port failed only after the
     * first had started, with a log to read instead of the flags to change.
     */
    static void requireApart(List<PortRange> ranges) {
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                PortRange first = ranges.get(i);
                PortRange second = ranges.get(j);
                if (first.overlaps(second)) {
                    throw new StackException(first.flag() + " (" + first.first() + ") and "
                            + second.flag() + " (" + second.first() + ") overlap: "
                            + first.describe() + " and " + second.describe()
                            + "; choose ports that do not overlap");
                }
            }
        }
    }

    /** Ports {@code first} to {@code last} of {@code flag}, taken by {@code users}. */
    record PortRange(String flag, int first, int last, String users) {

        boolean overlaps(PortRange other) {
            return first <= other.last && other.first <= last;
        }

        /** E.g. "Kafka on ports 9092-9093". */
        String describe() {
            return users + (first == last ? " on port " + first
                    : " on ports " + first + "-" + last);
        }
    }

    /** The stack configuration, with {@code serviceProperties} added to the services'. */
    StackConfig toConfig(
            Installation installation,
            String command,
            Path dataLocation,
            Map<Service, Map<String, String>> serviceProperties) {
        check();
        List<Integer> surfacePorts = new ArrayList<>(List.of(httpPort + 2));
        for (int k = 1; k < workers; k++) {
            surfacePorts.add(httpPort + 3 + k);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = workerThreads != null ? workerThreads : Math.max(1, cores / workers);
        return new StackConfig(
                workDir(installation, command),
                dataLocation,
                kafkaPort,
                s3Port,
                httpPort,
                httpPort + 1,
                httpPort + 3,
                surfacePorts,
                threads,
                serviceProperties,
                properties);
    }

    private Path workDir(Installation installation, String command) {
        if (workDir != null) {
            return workDir.toAbsolutePath().normalize();
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return installation.home().resolve("work").resolve(command + "-" + stamp);
    }
}
