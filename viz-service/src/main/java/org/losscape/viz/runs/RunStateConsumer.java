package org.losscape.viz.runs;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.losscape.messages.RunEnded;
import org.losscape.messages.Topics;
import org.losscape.viz.messaging.RecordTimes;

/**
 * Consumes {@link RunEnded} from {@code run-states} into the {@link RunIndex}, which announces
 * the run on {@code /api/events}. Emits nothing to Kafka.
 */
@ApplicationScoped
class RunStateConsumer {

    private static final Logger LOG = Logger.getLogger(RunStateConsumer.class);

    private final RunIndex runs;

    RunStateConsumer(RunIndex runs) {
        this.runs = runs;
    }

    /** Takes the whole record for its timestamp, the time the run last changed. */
    @Incoming(Topics.RUN_STATES)
    @Blocking
    void consume(ConsumerRecord<String, RunEnded> record) {
        RunEnded event = record.value();
        if (event == null) {
            // Unreadable: the deserializer has logged it.
            return;
        }
        if (event.runId() == null || !RunEnded.STATES.contains(event.state())) {
            LOG.warnf("dropped a run end without runId or with a state other than %s: %s",
                    RunEnded.STATES, event);
            return;
        }
        runs.ended(event, RecordTimes.sentAt(record));
    }
}
