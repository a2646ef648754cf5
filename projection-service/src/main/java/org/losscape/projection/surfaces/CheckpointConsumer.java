package org.losscape.projection.surfaces;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.losscape.messages.CheckpointEvent;
import org.losscape.projection.ProjectionConfig;
import org.losscape.projection.runs.RunIndex;

/**
 * Reads {@code checkpoints} ({@link CheckpointEvent}): records every checkpoint in the
 * {@link RunIndex} and plans a surface of a run's final one when the event asks for it
 * ({@code autoSurface} true), or leaves it to {@code losscape.projection.auto-surface.enabled}
 * when the event says nothing (null). Emits nothing itself; a record is acknowledged once
 * handled, planned or not.
 */
@ApplicationScoped
class CheckpointConsumer {

    private final RunIndex index;
    private final AutoSurfaces autoSurfaces;
    private final ProjectionConfig config;

    CheckpointConsumer(RunIndex index, AutoSurfaces autoSurfaces, ProjectionConfig config) {
        this.index = index;
        this.autoSurfaces = autoSurfaces;
        this.config = config;
    }

    @Incoming("checkpoints")
    @Blocking
    void onCheckpoint(CheckpointEvent event) {
        if (event == null) {
            Log.warn("dropped a checkpoints record that is not a CheckpointEvent");
            return;
        }

        index.record(event);
        if (event.wantsAutoSurface(config.autoSurface().enabled())) {
            autoSurfaces.planFor(event);
        }
    }
}
