package org.losscape.trainer;

/**
 * Where a run is: waiting in the queue, training, or ended. A run ends once: {@code DONE}
 * after its last epoch is published, {@code FAILED} on an error, {@code CANCELLED} on request
 * ({@code POST /runs/{id}/cancel}).
 */
public enum RunState {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED
}
