package org.losscape.trainer;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.losscape.messages.RunEnded;
import org.losscape.messages.Topics;

/**
 * Publishes a {@link RunEnded} on channel (and topic) {@code run-states} when a run ends,
 * keyed by run id like its checkpoint events. Consumes nothing.
 */
@ApplicationScoped
class RunStatePublisher {

    private final MutinyEmitter<Record<String, RunEnded>> emitter;

    RunStatePublisher(
            @Channel(Topics.RUN_STATES) MutinyEmitter<Record<String, RunEnded>> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends the event and blocks until the broker has acknowledged it: for a run that failed
     * or was cancelled it is the only message that says so.
     *
     * @throws RuntimeException if the broker refuses the record or does not answer in time
     */
    void publish(RunEnded event) {
        emitter.sendAndAwait(Record.of(event.runId(), event));
    }
}
