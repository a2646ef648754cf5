package org.losscape.trainer;

/** A cancel request for a run that has already ended: answered with 409. */
final class RunEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RunEndedException(String id, RunState state) {
        super("run (" + id + ") has already ended " + state
                + ": only a QUEUED or RUNNING run can be cancelled");
    }
}
