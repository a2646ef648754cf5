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
