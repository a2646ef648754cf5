package org.losscape.viz.surfaces;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.viz.messaging.RecordTimes;

/**
 * Consumes {@link SurfacePlanned} from {@code surfaces} and {@link ChunkValues} from
 * {@code surface-values} into the {@link SurfaceRegistry}. Emits nothing to Kafka.
 */
@ApplicationScoped
class SurfaceConsumer {

    private static final Logger LOG = Logger.getLogger(SurfaceConsumer.class);

    private final SurfaceRegistry registry;

    SurfaceConsumer(SurfaceRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Topics.SURFACES)
    @Blocking
    void planned(SurfacePlanned plan) {
        if (plan == null) {
            // Unreadable: the deserializer has logged it.
            return;
        }
        registry.plan(plan);
    }

    /**
     * Takes the whole record for its timestamp (the producer's create time): the time a chunk
     * was sent, which a replay after a restart reads back unchanged, unlike the time it is read.
     */
    @Incoming(Topics.SURFACE_VALUES)
    @Blocking
    void values(ConsumerRecord<String, ChunkValues> record) {
        ChunkValues chunk = record.value();
        if (chunk == null) {
            // Unreadable: the deserializer has logged it.
            return;
        }
        if (chunk.surfaceId() == null || chunk.points() == null) {
            LOG.warnf("dropped chunk values without surfaceId or points: %s", chunk);
            return;
        }
        registry.values(chunk, RecordTimes.sentAt(record));
    }
}
