package org.losscape.trainer;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.Topics;

/**
 * Publishes {@link CheckpointEvent}s on channel (and topic) {@code checkpoints}, keyed by run
 * id so that a run's events stay in order on one partition. Consumes nothing.
 */
@ApplicationScoped
class CheckpointPublisher {

    private final MutinyEmitter<Record<String, CheckpointEvent>> emitter;

    CheckpointPublisher(
            @Channel(Topics.CHECKPOINTS) MutinyEmitter<Record<String, CheckpointEvent>> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends the event and blocks until the broker has acknowledged it, so that training goes on
     * only once the event is durable. Call it only after the checkpoint object is stored.
     *
     * @throws RuntimeException if the broker refuses the record or does not answer in time
     */
    void publish(CheckpointEvent event) {
        emitter.sendAndAwait(Record.of(event.runId(), event));
    }
}
