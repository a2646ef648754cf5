package org.losscape.viz.surfaces;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;

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

    @Incoming(Topics.SURFACE_VALUES)
    @Blocking
    void values(ChunkValues chunk) {
        if (chunk == null) {
            // Unreadable: the deserializer has logged it.
            return;
        }
        if (chunk.surfaceId() == null || chunk.points() == null) {
            LOG.warnf("dropped chunk values without surfaceId or points: %s", chunk);
            return;
        }
        registry.values(chunk);
    }
}
