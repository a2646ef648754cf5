package org.losscape.stack;

import java.time.Duration;

/**
 * A started {@link LocalStack} owned by a command: announced to the user, watched, and held
 * until the user stops it with Ctrl-C.
 */
final class RunningStack {

    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

    private final LocalStack stack;
    private final Console console;

    /** Owns {@code stack}, started or not (tests give one that never starts). */
    RunningStack(LocalStack stack, Console console) {
        this.stack = stack;
        this.console = console;
    }

    /** Starts the stack; it stops on Ctrl-C or SIGTERM by its own shutdown hook. */
    static RunningStack start(Installation installation, StackConfig config, Console console) {
        LocalStack stack = new LocalStack(installation, config, console::say);
        stack.start();
        return new RunningStack(stack, console);
    }

    LocalStack stack() {
        return stack;
    }

    /** Prints where everything is: the services' addresses, then the files. */
    void announce() {
        announceServices();
        announceFiles();
    }

    /** Prints the addresses of the services, Kafka and the object store. */
    void announceServices() {
        console.say("services:");
        console.say("  trainer     " + stack.trainerUrl()
                + "   POST /runs, GET /runs, GET /runs/{id}, POST /runs/{id}/cancel");
        console.say("  projection  " + stack.projectionUrl()
                + "   POST /surfaces, GET /surfaces/{id}");
        console.say("  surface     " + stack.surfaceUrls() + "   workers (health, metrics)");
        console.say("  viz         " + stack.vizUrl() + "/   the page; GET /api/runs,"
                + " GET /api/surfaces/{id}");
        console.say("  Kafka " + stack.kafkaBootstrap() + ", S3 " + stack.s3Endpoint()
                + " (access key " + ObjectStoreServer.ACCESS_KEY + ", bucket "
                + ObjectStoreServer.BUCKET + ")");
    }

    /** Prints the folders the stack leaves behind: they outlive it. */
    void announceFiles() {
        console.say("files:");
        console.say("  work folder   " + stack.workDir());
        console.say("  logs          " + stack.logsDir());
        console.say("  object store  " + stack.objectsDir().resolve(ObjectStoreServer.BUCKET));
    }

    /**
     * Fails, quoting its log, when a process has exited, except while the stack is being
     * stopped: Ctrl-C reaches the children at the same moment as this command.
     */
    void requireAlive() {
        try {
            stack.requireAlive();
        } catch (StackException e) {
            Readiness.sleep(Duration.ofSeconds(1));
            if (!stack.isClosed()) {
                throw e;
            }
        }
    }

    /** Keeps the stack running until Ctrl-C; fails when one of its processes exits. */
    void holdUntilInterrupted() {
        console.say("running; press Ctrl-C to stop everything");
        while (!stack.isClosed()) {
            requireAlive();
            Readiness.sleep(WATCH_INTERVAL);
        }
    }

    /** Stops the stack now (for {@code --exit-when-done}). */
    void stop() {
        stack.close();
    }
}
