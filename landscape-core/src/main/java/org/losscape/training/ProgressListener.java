package org.losscape.training;

/** Receives the progress of training after every step, on the training thread. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = progress -> {};

    void onStep(TrainingProgress progress);

    /** This listener, then {@code next}. */
    default ProgressListener andThen(ProgressListener next) {
        return progress -> {
            onStep(progress);
            next.onStep(progress);
        };
    }
}
