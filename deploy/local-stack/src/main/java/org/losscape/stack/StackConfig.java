package org.losscape.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to run a local stack: where its files go, which CIFAR-10 copy the services read, the
 * loopback ports, and extra configuration for the services.
 *
 * @param workDir gets the broker's log directory, the object store's files, the services'
 *     logs; created when missing
 * @param dataLocation CIFAR-10 as a {@code cifar-10-batches-bin} folder, a folder holding one,
 *     or the official {@code .tar.gz}; passed to every service as {@code losscape.data.location}
 * @param kafkaPort the broker's client port; its controller listens on the next port
 * @param surfacePorts one HTTP port per surface-service replica (at least one)
 * @param threadsPerWorker PyTorch intra-op threads of each surface-service replica
 * @param serviceProperties extra system properties per service, e.g. the auto-surface plan
 * @param commonProperties extra system properties for every service (the CLI's {@code -D})
 */
public record StackConfig(
        Path workDir,
        Path dataLocation,
        int kafkaPort,
        int s3Port,
        int trainerPort,
        int projectionPort,
        int vizPort,
        List<Integer> surfacePorts,
        int threadsPerWorker,
        Map<Service, Map<String, String>> serviceProperties,
        Map<String, String> commonProperties) {

    public StackConfig {
        if (surfacePorts.isEmpty()) {
            throw new IllegalArgumentException("surfacePorts is empty; at least one worker");
        }
        if (threadsPerWorker < 1) {
            throw new IllegalArgumentException(
                    "threadsPerWorker (" + threadsPerWorker + ") must be >= 1");
        }
        surfacePorts = List.copyOf(surfacePorts);
        serviceProperties = Map.copyOf(serviceProperties);
        commonProperties = Map.copyOf(commonProperties);
    }

    /**
     * A configuration on ports that are free now, for tests: {@code workers} surface-service
     * replicas with one PyTorch thread each.
     */
    public static StackConfig onFreePorts(
            Path workDir,
            Path dataLocation,
            int workers,
            Map<Service, Map<String, String>> serviceProperties) {
        List<Integer> surfacePorts = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            surfacePorts.add(Readiness.freePort());
        }
        return new StackConfig(
                workDir,
                dataLocation,
                freePortPair(),
                Readiness.freePort(),
                Readiness.freePort(),
                Readiness.freePort(),
                Readiness.freePort(),
                surfacePorts,
                1,
                serviceProperties,
                Map.of());
    }

    /** The broker's controller port. */
    public int kafkaControllerPort() {
        return kafkaPort + 1;
    }

    public int workers() {
        return surfacePorts.size();
    }

    /** A free port whose successor was free too (the broker's client and controller ports). */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = Readiness.freePort();
            if (port < 65535 && isFree(port + 1)) {
                return port;
            }
        }
        throw new StackException("found no two adjacent free ports for Kafka");
    }

    private static boolean isFree(int port) {
        try {
            Readiness.requireFree(port, "port");
            return true;
        } catch (StackException e) {
            return false;
        }
    }
}
