package org.losscape.messages;

import java.time.Instant;

/**
 * Published by the trainer after a checkpoint is in the object store. Epoch 0 is the
 * initialization; epoch {@code epochs} is the final network, and that event has
 * {@code last == true}.
 *
 * @param checkpointKey object key of the parameters, see {@code ObjectKeys#checkpoint}
 * @param autoSurface whether the projection service plans a surface of the final checkpoint
 *     on its own: true yes, false no, null (also when the field is absent, as in events
 *     written before it existed) as {@code losscape.projection.auto-surface.enabled} says; it
 *     matters only when {@code last} is true
 */
public record CheckpointEvent(
        String runId,
        String model,
        String dataset,
        int epoch,
        int epochs,
        String checkpointKey,
        EpochMetrics metrics,
        boolean last,
        Instant createdAt,
        Boolean autoSurface) {

    /** Whether a surface of this checkpoint is planned on its own, given the service default. */
    public boolean wantsAutoSurface(boolean serviceDefault) {
        return last && (autoSurface != null ? autoSurface : serviceDefault);
    }
}
