package org.losscape.viz.surfaces;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.Topics;

/**
 * Consumes the {@link SurfaceChunk}s that the surface workers gave up on, from
 * {@code surface-chunks-dlq}, into the {@link SurfaceRegistry}, so that a surface missing
 * their points says so instead of staying planned. Emits nothing to Kafka.
 */
@ApplicationScoped
class DeadLetterConsumer {

    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);

    private final SurfaceRegistry registry;

    DeadLetterConsumer(SurfaceRegistry registry) {
        this.registry = registry;
    }

    /** Takes the whole record for its header, the worker's reason for giving up. */
    @Incoming(Topics.SURFACE_CHUNKS_DLQ)
    @Blocking
    void deadLettered(ConsumerRecord<String, SurfaceChunk> record) {
        SurfaceChunk chunk = record.value();
        if (chunk == null) {
            // Unreadable (the deserializer has logged it): no surface to show it on.
            return;
        }
        if (chunk.surface() == null || chunk.surface().surfaceId() == null) {
            LOG.warnf("dropped a dead-lettered chunk without surface.surfaceId: %s", chunk);
            return;
        }

        registry.deadLettered(chunk, reason(record));
    }

    /** The last {@code dead-letter-reason} header, null when the record has none. */
    private static String reason(ConsumerRecord<String, SurfaceChunk> record) {
        Header header = record.headers().lastHeader(Topics.DEAD_LETTER_REASON);
        if (header == null || header.value() == null) {
            return null;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
