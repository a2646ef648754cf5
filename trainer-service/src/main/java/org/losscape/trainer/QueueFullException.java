package org.losscape.trainer;

/** The run queue is at {@code losscape.trainer.queue-capacity}: answered with 429. */
final class QueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    QueueFullException(int capacity) {
        super("the run queue is full (" + capacity + " runs waiting); retry when one has started");
    }
}
