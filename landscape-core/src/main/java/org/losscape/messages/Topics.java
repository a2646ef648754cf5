package org.losscape.messages;

/**
 * Kafka topic names. Each topic carries one message type as JSON; the channel of a service
 * that reads or writes it has the same name, so configuration needs no topic overrides.
 */
public final class Topics {

    /** {@link CheckpointEvent}: one per stored checkpoint, keyed by run id. */
    public static final String CHECKPOINTS = "checkpoints";

    /** {@link RunEnded}: one per training run that has ended, keyed by run id. */
    public static final String RUN_STATES = "run-states";

    /** {@link SurfacePlanned}: one per requested surface, keyed by surface id. */
    public static final String SURFACES = "surfaces";

    /**
     * {@link SurfaceChunk}: a slice of a surface's grid to evaluate, keyed by surface id; the
     * projection names each chunk's partition so that a surface spreads over all of them.
     */
    public static final String SURFACE_CHUNKS = "surface-chunks";

    /**
     * {@link SurfaceChunk}: a chunk the surface workers gave up on, as they received it, with
     * the error in record header {@link #DEAD_LETTER_REASON}.
     */
    public static final String SURFACE_CHUNKS_DLQ = "surface-chunks-dlq";

    /** The header of a dead-lettered record that holds why it could not be processed. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    /** {@link ChunkValues}: the evaluated points of one chunk, keyed by surface id. */
    public static final String SURFACE_VALUES = "surface-values";

    private Topics() {}
}
