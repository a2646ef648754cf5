package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A started stack and the steps that the demo and the experiments take on it: train a run and
 * follow it, follow surfaces until every point is in, save their exports into the work folder,
 * and end, either at once ({@code --exit-when-done}) or when the user presses Ctrl-C.
 */
final class Workbench {

    private final Console console;
    private final RunningStack running;
    private final StackApi api;

    /** A workbench on {@code running}; {@link #start} starts the stack first. */
    Workbench(Console console, RunningStack running, StackApi api) {
        this.console = console;
        this.running = running;
        this.api = api;
    }

    /** Starts the stack (Ctrl-C stops it from then on) and prints the live page's address. */
    static Workbench start(Installation installation, StackConfig config, Console console) {
        RunningStack running = RunningStack.start(installation, config, console);
        console.say("page (live): " + running.stack().vizUrl() + "/");
        return new Workbench(console, running, new StackApi(running.stack()));
    }

    StackApi api() {
        return api;
    }

    /** The folder that receives the exports: {@code <work folder>/exports}. */
    Path exportsDir() {
        return running.stack().workDir().resolve("exports");
    }

    /**
     * Queues a run, prints its epochs while it trains and returns it once done.
     *
     * @param label how the lines name the run, e.g. "resnet20-noskip"
     */
    TrainedRun train(String label, Map<String, Object> request) {
        long start = System.nanoTime();
        String runId = api.createRun(request).path("id").asText();
        console.say(label + ": training run " + runId + " queued");
        JsonNode done = new TrainingFollower(api, console, running::requireAlive).follow(runId);
        TrainedRun run = new TrainedRun(runId, done);
        double testAccuracy = run.last().path("testAccuracy").asDouble();
        console.say(String.format("%s: training done in %s: test accuracy %s on %s",
                label, Console.clock((System.nanoTime() - start) / 1e9),
                TrainingFollower.percent(testAccuracy),
                Console.count(done.path("config").path("testSize").asInt(), "image")));
        TrainingFollower.nearChanceWarning(label, testAccuracy).ifPresent(console::say);
        return run;
    }

    /** A follower of surfaces that stops when a process of the stack has died. */
    SurfaceFollower surfaces() {
        return new SurfaceFollower(api, console, running::requireAlive);
    }

    /**
     * Follows the surfaces until all are complete, then says how long that took.
     *
     * @return their summaries in the order given
     */
    List<JsonNode> complete(String what, List<String> surfaceIds) {
        long start = System.nanoTime();
        List<JsonNode> complete = surfaces().follow(surfaceIds);
        console.say(what + " done in " + Console.clock((System.nanoTime() - start) / 1e9));
        return complete;
    }

    /** Saves viz's HDF5 export of a surface as {@code exports/<name>.h5}; returns the file. */
    Path exportHdf5(String surfaceId, String name) {
        Path file = exportsDir().resolve(name + ".h5");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, api.export(surfaceId, "h5"));
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * When {@code exitWhenDone}, prints the files and stops the stack; else prints the page,
     * the services and the files, and keeps the stack running until Ctrl-C.
     */
    int finish(URI page, boolean exitWhenDone) {
        console.say("surface workers' resident memory: " + workerMemory());

        if (exitWhenDone) {
            // The page and the services stop a moment later: their links would be dead by the
            // time anyone followed them. The files stay.
            running.announceFiles();
            running.stop();
            return 0;
        }

        console.say("page: " + page);
        running.announce();
        running.holdUntilInterrupted();
        return 0;
    }

    private String workerMemory() {
        StringBuilder text = new StringBuilder();
        for (long pid : running.stack().workerPids()) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(String.format("%.0f MB", Rss.megabytes(pid)));
        }
        return text.toString();
    }

    /**
     * A finished training run.
     *
     * @param run the trainer's {@code GET /runs/{id}} document, state DONE; {@code metrics[e]}
     *     belongs to epoch e
     */
    record TrainedRun(String id, JsonNode run) {

        /** The metrics of the final epoch: trainLoss, trainAccuracy, testLoss, testAccuracy. */
        JsonNode last() {
            JsonNode metrics = run.path("metrics");
            return metrics.get(metrics.size() - 1);
        }
    }
}
