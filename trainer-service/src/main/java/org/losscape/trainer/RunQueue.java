package org.losscape.trainer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.losscape.training.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of this process, in submission order, and the single worker thread that trains
 * them one at a time (two trainings would only halve each other's speed on the same cores).
 * Runs live in memory; their documents in the object store outlive the process.
 */
@ApplicationScoped
class RunQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final RunExecutor executor;
    private final int capacity;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "trainer-worker");
        thread.setDaemon(true);
        return thread;
    });

    RunQueue(RunExecutor executor, TrainerConfig config, MeterRegistry registry) {
        this.executor = executor;
        this.capacity = config.queueCapacity();
        Gauge.builder("losscape.trainer.queued.runs", this, RunQueue::queued)
                .description("Runs waiting for the worker")
                .register(registry);
    }

    /**
     * Queues a run of {@code config}.
     *
     * @param autoSurface passed on in the run's events; null leaves the choice to the
     *     projection service
     * @throws QueueFullException if {@code losscape.trainer.queue-capacity} runs are waiting
     */
    synchronized RunView submit(TrainingConfig config, Boolean autoSurface) {
        if (queued() >= capacity) {
            throw new QueueFullException(capacity);
        }
        Run run = new Run(newId(), config, autoSurface);
        runs.put(run.id(), run);
        worker.execute(() -> executor.execute(run));
        LOG.info("run {} queued: {}", run.id(), config);
        return run.view();
    }

    synchronized RunView get(String id) {
        return find(id).view();
    }

    /**
     * Cancels run {@code id}. A queued run is CANCELLED at once and its {@code run.json}
     * stored; the worker skips it, so the runs behind it move up. A running run is marked and
     * stops before its next training step, after publishing any epoch it has finished; the
     * worker then takes the next queued run. A repeated request for a running run changes
     * nothing.
     *
     * @return the run after the request: CANCELLED, or RUNNING until the training loop stops
     * @throws UnknownRunException if no run has this id
     * @throws RunEndedException if the run is DONE, FAILED or CANCELLED
     */
    RunView cancel(String id) {
        Run run;
        synchronized (this) {
            run = find(id);
        }

        if (run.cancel() == RunState.CANCELLED) {
            executor.cancelledWhileQueued(run);
        } else {
            LOG.info("run {}: cancel requested, it stops before its next step", id);
        }
        return run.view();
    }

    synchronized List<RunView> all() {
        List<RunView> views = new ArrayList<>(runs.size());
        for (Run run : runs.values()) {
            views.add(run.view());
        }
        return views;
    }

    synchronized int queued() {
        return (int) runs.values().stream().filter(r -> r.state() == RunState.QUEUED).count();
    }

    /**
     * Interrupts the running training (its run ends FAILED, or CANCELLED if a cancel was
     * pending) and drops the queue. It runs on the shutdown event, not when the bean is
     * destroyed: the Kafka channels close before beans are destroyed, and the interrupted run
     * still has its final {@code run.json} and {@code run-states} event to write.
     */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the training thread did not stop within 30 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Run find(String id) {
        Run run = runs.get(id);
        if (run == null) {
            throw new UnknownRunException(id);
        }
        return run;
    }

    private String newId() {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME);
        String suffix;
        do {
            suffix = String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
        } while (runs.containsKey("run-" + time + "-" + suffix));
        return "run-" + time + "-" + suffix;
    }
}
