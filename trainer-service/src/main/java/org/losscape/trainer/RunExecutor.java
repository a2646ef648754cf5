package org.losscape.trainer;

import ai.djl.Model;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import org.losscape.data.ImageSet;
import org.losscape.data.Split;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.EpochMetrics;
import org.losscape.messages.RunEnded;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.training.ProgressLog;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingLoop;
import org.losscape.weights.Checkpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one run on the worker thread and publishes it epoch by epoch.
 *
 * <p>After epoch 0 (the initialization) and after every epoch, in this order: the checkpoint
 * goes to {@code runs/{id}/checkpoints/epoch-NNNN.params}, the run document to
 * {@code runs/{id}/run.json}, then a {@link CheckpointEvent} to topic {@code checkpoints},
 * awaited until acknowledged. A consumer that sees an event therefore finds its objects. A
 * failure of any of these stops the run as FAILED; NaN or ∞ losses do not.
 *
 * <p>A cancel request is seen by the training loop before its next step, never in the middle
 * of storing or publishing an epoch: every epoch that was trained is published, and the run
 * ends CANCELLED without a final ({@code last}) event. A run cancelled while queued is skipped.
 *
 * <p>However a run ends (DONE, FAILED, CANCELLED, while queued too), its final
 * {@code run.json} is stored and then a {@link RunEnded} goes to topic {@code run-states},
 * awaited like the checkpoint events. Neither may change how the run ended: their failures
 * are logged as warnings. A run that a shutdown interrupts still gets both, since the
 * interrupt is set aside while they are written.
 */
@ApplicationScoped
class RunExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    private static final String PARAMETERS_TYPE = "application/octet-stream";

    private final ObjectStore store;
    private final CheckpointPublisher publisher;
    private final RunStatePublisher endings;
    private final DatasetCache datasets;
    private final TrainingMetrics metrics;
    private final TrainerConfig config;

    RunExecutor(ObjectStore store, CheckpointPublisher publisher, RunStatePublisher endings,
            DatasetCache datasets, TrainingMetrics metrics, TrainerConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.endings = endings;
        this.datasets = datasets;
        this.metrics = metrics;
        this.config = config;
    }

    void execute(Run run) {
        if (!run.start()) {
            // Cancelled while it waited; the cancel request has stored its run.json.
            return;
        }

        try {
            store.ensureBucket();
            store.putJson(ObjectKeys.run(run.id()), run.view());
            train(run);
            run.finished();
            LOG.info("run {} done", run.id());
        } catch (CancellationException e) {
            if (run.cancelRequested()) {
                run.cancelled();
                LOG.info("run {} cancelled, {} checkpoint(s) kept: {}", run.id(),
                        run.view().checkpoints().size(), e.getMessage());
            } else {
                run.failed("stopped: the service shut down during training");
                LOG.warn("run {} stopped by shutdown", run.id());
            }
        } catch (RuntimeException e) {
            run.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.error("run {} failed", run.id(), e);
        } catch (Error e) {
            // The run must not stay RUNNING; the error still ends this worker thread, and the
            // queue's executor starts a fresh one for the next run.
            run.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.error("run {} failed", run.id(), e);
            throw e;
        } finally {
            metrics.idle();
            // A shutdown interrupts the thread to stop training; the run's last writes must
            // not fail on that interrupt, or the run would look RUNNING to every reader.
            boolean interrupted = Thread.interrupted();
            storeFinalState(run);
            publishEnd(run);
            metrics.runEnded(run.state());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Records a run cancelled while it was queued: its {@code run.json}, the only object such
     * a run has, its {@link RunEnded} and the count of cancelled runs. Called by the cancelling
     * thread, since the worker may be busy with another run for hours.
     */
    void cancelledWhileQueued(Run run) {
        LOG.info("run {} cancelled while queued", run.id());
        metrics.runEnded(RunState.CANCELLED);
        try {
            store.ensureBucket();
            store.putJson(ObjectKeys.run(run.id()), run.view());
        } catch (RuntimeException e) {
            LOG.warn("run {}: storing the run.json of its cancel failed: {}", run.id(),
                    e.getMessage());
        }
        publishEnd(run);
    }

    private void train(Run run) {
        TrainingConfig training = run.config();
        ImageSet train = datasets.get(training.dataset(), Split.TRAIN);
        ImageSet test = datasets.get(training.dataset(), Split.TEST);
        ProgressLog log = new ProgressLog(run.id(), training.epochs(),
                config.progressLogInterval());

        new TrainingLoop(training, train, test).run(
                (epoch, epochMetrics, model) -> {
                    log.onEpoch(epoch, epochMetrics, model);
                    publish(run, epoch, epochMetrics, model);
                    metrics.epochDone(epoch);
                },
                log.andThen(metrics::stepDone).andThen(run::progressed),
                run::cancelRequested);
    }

    private void publish(Run run, int epoch, EpochMetrics epochMetrics, Model model) {
        TrainingConfig training = run.config();
        String key = ObjectKeys.checkpoint(run.id(), epoch);
        store.put(key, Checkpoints.save(model), PARAMETERS_TYPE);
        run.checkpointStored(epochMetrics, key);
        store.putJson(ObjectKeys.run(run.id()), run.view());
        publisher.publish(new CheckpointEvent(run.id(), training.model(), training.dataset(),
                epoch, training.epochs(), key, epochMetrics, epoch == training.epochs(),
                Instant.now(), run.autoSurface()));
    }

    /**
     * Announces the run's end on {@code run-states}; a failure here is only logged, and then
     * only the trainer and {@code run.json} know how the run ended.
     */
    private void publishEnd(Run run) {
        RunEnded ended = run.ended();
        try {
            endings.publish(ended);
        } catch (RuntimeException e) {
            LOG.warn("run {}: publishing its end ({}) on run-states failed: {}", run.id(),
                    ended.state(), e.getMessage());
        }
    }

    /** The document's last word on the run; a store failure here is only logged. */
    private void storeFinalState(Run run) {
        try {
            store.putJson(ObjectKeys.run(run.id()), run.view());
        } catch (RuntimeException e) {
            LOG.warn("run {}: storing the final run.json failed: {}", run.id(), e.getMessage());
        }
    }
}
