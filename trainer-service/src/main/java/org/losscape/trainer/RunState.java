package org.losscape.trainer;

/** Where a run is: waiting in the queue, training, finished, or stopped by an error. */
public enum RunState {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
}
