package org.losscape.viz.runs;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.Topics;
import org.losscape.viz.messaging.RecordTimes;

/** Consumes {@link CheckpointEvent}s from {@code checkpoints} into the {@link RunIndex}. */
@ApplicationScoped
class CheckpointConsumer {

    private static final Logger LOG = Logger.getLogger(CheckpointConsumer.class);

    private final RunIndex runs;

    CheckpointConsumer(RunIndex runs) {
        this.runs = runs;
    }

    /** Takes the whole record for its timestamp, the time the run last changed. */
    @Incoming(Topics.CHECKPOINTS)
    @Blocking
    void consume(ConsumerRecord<String, CheckpointEvent> record) {
        CheckpointEvent event = record.value();
        if (event == null) {
            // Unreadable: the deserializer has logged it.
            return;
        }
        if (event.runId() == null || event.metrics() == null) {
            LOG.warnf("dropped a checkpoint event without runId or metrics: %s", event);
            return;
        }
        runs.record(event, RecordTimes.sentAt(record));
    }
}
