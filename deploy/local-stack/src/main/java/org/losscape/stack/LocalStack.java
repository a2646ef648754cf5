package org.losscape.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Losscape on one machine: a Kafka broker, an S3 server and the four services (the surface
 * service as {@link StackConfig#workers()} replicas of one consumer group), each a separate
 * process on loopback, with every file under the work folder:
 *
 * <pre>
 * work/
 *   kafka/      broker configuration and data
 *   objects/    the object store: objects/losscape/runs/..., objects/losscape/surfaces/...
 *   logs/       one log per process: kafka.log, s3proxy.log, trainer-service.log, ...
 * </pre>
 *
 * <p>{@link #start()} registers a shutdown hook that calls {@link #close()}, so that Ctrl-C or
 * SIGTERM of this JVM stops every child, even while {@code start} is still starting them:
 * {@code close} stops what has started, and {@code start} stops what it starts afterwards.
 * A failed start stops what it started before it throws.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final String SERVICE_HEAP = "-Xmx768m";

    private final Installation installation;
    private final StackConfig config;
    private final Consumer<String> say;
    private final List<ChildProcess> infrastructure = new CopyOnWriteArrayList<>();
    private final List<ChildProcess> services = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::closeOnSignal, "losscape-stop");

    /** Set once a Ctrl-C or SIGTERM has begun to stop a stack of this JVM. */
    private static volatile boolean stoppedBySignal;

    /** A stack that has started nothing yet; {@code say} receives one line per step. */
    public LocalStack(Installation installation, StackConfig config, Consumer<String> say) {
        this.installation = installation;
        this.config = config;
        this.say = say;
    }

    /** Starts every process and returns once all of them serve. Fails fast with a log tail. */
    public LocalStack start() {
        installation.requireBuilt();
        requirePortsFree();
        createFolders();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            startProcesses();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startProcesses() {
        long started = System.nanoTime();
        ChildProcess store = keep(infrastructure, ObjectStoreServer.start(
                installation, config.workDir(), objectsDir(), logsDir(), config.s3Port()));
        say.accept("object store ready at " + s3Endpoint() + " (pid " + store.pid() + ")");
        ChildProcess broker = keep(infrastructure, KafkaBroker.start(
                installation, config.workDir().resolve("kafka"), logsDir(), config.kafkaPort(),
                config.kafkaControllerPort(), Math.max(4, 2 * config.workers())));
        say.accept("Kafka ready at " + kafkaBootstrap() + " (pid " + broker.pid() + ")");

        Map<ChildProcess, URI> health = new LinkedHashMap<>();
        health.put(startService(Service.TRAINER, Service.TRAINER.module(),
                config.trainerPort()), health(config.trainerPort()));
        health.put(startService(Service.PROJECTION, Service.PROJECTION.module(),
                config.projectionPort()), health(config.projectionPort()));
        for (int k = 0; k < config.workers(); k++) {
            int port = config.surfacePorts().get(k);
            health.put(startService(Service.SURFACE, workerName(k), port), health(port));
        }
        health.put(startService(Service.VIZ, Service.VIZ.module(), config.vizPort()),
                health(config.vizPort()));
        health.forEach((process, uri) -> {
            Readiness.await(process, SERVICE_START_TIMEOUT, () -> Readiness.httpOk(uri));
            say.accept(process.name() + " ready at " + uri.resolve("/") + " (pid "
                    + process.pid() + ")");
        });

        say.accept(String.format("stack ready in %.0f s", (System.nanoTime() - started) / 1e9));
    }

    public URI trainerUrl() {
        return local(config.trainerPort());
    }

    public URI projectionUrl() {
        return local(config.projectionPort());
    }

    public URI vizUrl() {
        return local(config.vizPort());
    }

    public List<URI> surfaceUrls() {
        return config.surfacePorts().stream().map(LocalStack::local).toList();
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + config.kafkaPort();
    }

    public URI s3Endpoint() {
        return local(config.s3Port());
    }

    public Path workDir() {
        return config.workDir();
    }

    public Path logsDir() {
        return config.workDir().resolve("logs");
    }

    /** The object store's folder: {@code <bucket>/<key>} below it is each object's file. */
    public Path objectsDir() {
        return config.workDir().resolve("objects");
    }

    /** Process ids of the surface-service replicas, in port order. */
    public List<Long> workerPids() {
        return services.stream()
                .filter(p -> p.name().startsWith(Service.SURFACE.module()))
                .map(ChildProcess::pid)
                .toList();
    }

    /** Fails, quoting its log, when a process of the stack has exited. */
    public void requireAlive() {
        for (ChildProcess process : processes()) {
            if (!process.isAlive()) {
                throw new StackException(process.name() + " exited with code "
                        + process.exitCode() + "; end of " + process.log() + ":\n"
                        + process.tail(30));
            }
        }
    }

    /**
     * Whether a Ctrl-C or SIGTERM is stopping a stack: the requests still under way then fail
     * as their services go, and their errors say nothing the user needs.
     */
    static boolean stoppedBySignal() {
        return stoppedBySignal;
    }

    private void closeOnSignal() {
        stoppedBySignal = true;
        close();
    }

    /** Whether {@link #close()} has begun, e.g. from a shutdown hook on Ctrl-C. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops the services, then Kafka and the object store, each with a grace period. A second
     * call (say, from the shutdown hook) waits for the first to finish.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        say.accept("stopping the stack ...");
        stopAll(services);
        stopAll(infrastructure);
        say.accept("stopped; files kept in " + config.workDir());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyRunningOrUnknown) {
            // Called from the hook itself during shutdown, or before start registered it.
        }
    }

    private ChildProcess startService(Service service, String name, int port) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", Integer.toString(port));
        properties.put("kafka.bootstrap.servers", kafkaBootstrap());
        properties.put("losscape.storage.endpoint", s3Endpoint().toString());
        properties.put("losscape.storage.access-key", ObjectStoreServer.ACCESS_KEY);
        properties.put("losscape.storage.secret-key", ObjectStoreServer.SECRET_KEY);
        properties.put("losscape.storage.bucket", ObjectStoreServer.BUCKET);
        properties.put("losscape.data.location", config.dataLocation().toString());
        properties.putAll(config.serviceProperties().getOrDefault(service, Map.of()));
        properties.putAll(config.commonProperties());

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("DJL_OFFLINE", "true");
        environment.put("LOSSCAPE_DATA_LOCATION", config.dataLocation().toString());
        if (service == Service.SURFACE) {
            // Replicas share the cores: each gets its share of PyTorch's intra-op threads.
            String threads = Integer.toString(config.threadsPerWorker());
            properties.put("ai.djl.pytorch.num_threads", threads);
            environment.put("OMP_NUM_THREADS", threads);
        }

        List<String> command = new ArrayList<>(List.of(
                Jvm.java(), SERVICE_HEAP, "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(installation.serviceJar(service).toString());
        return keep(services, ChildProcess.start(
                name, command, environment, config.workDir(), logsDir().resolve(name + ".log")));
    }

    private static String workerName(int k) {
        return Service.SURFACE.module() + "-" + (k + 1);
    }

    /** Records a started process, or stops it at once when the stack was closed meanwhile. */
    private ChildProcess keep(List<ChildProcess> group, ChildProcess process) {
        group.add(process);
        if (closed.get()) {
            process.requestStop();
            process.awaitStop(STOP_GRACE);
            throw new StackException("stopped while starting " + process.name());
        }
        return process;
    }

    private List<ChildProcess> processes() {
        List<ChildProcess> all = new ArrayList<>(infrastructure);
        all.addAll(services);
        return all;
    }

    private static void stopAll(List<ChildProcess> group) {
        group.forEach(ChildProcess::requestStop);
        group.forEach(process -> process.awaitStop(STOP_GRACE));
    }

    private void requirePortsFree() {
        Readiness.requireFree(config.kafkaPort(), "--kafka-port");
        Readiness.requireFree(config.kafkaControllerPort(), "--kafka-port (controller: +1)");
        Readiness.requireFree(config.s3Port(), "--s3-port");
        Readiness.requireFree(config.trainerPort(), "--http-port (trainer)");
        Readiness.requireFree(config.projectionPort(), "--http-port (projection: +1)");
        Readiness.requireFree(config.vizPort(), "--http-port (viz: +3)");
        for (int port : config.surfacePorts()) {
            Readiness.requireFree(port, "--http-port (surface workers: +2, then +4 ...)");
        }
    }

    private void createFolders() {
        try {
            Files.createDirectories(logsDir());
            Files.createDirectories(objectsDir());
        } catch (IOException e) {
            throw new StackException("cannot create " + config.workDir() + ": " + e.getMessage(),
                    e);
        }
    }

    private static URI health(int port) {
        return URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    }

    private static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
