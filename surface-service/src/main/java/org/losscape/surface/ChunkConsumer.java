package org.losscape.surface;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.losscape.messages.Json;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.Topics;

/**
 * The surface worker's input: consumes {@link SurfaceChunk} JSON from {@code surface-chunks}
 * in consumer group {@code surface-workers} and emits {@code ChunkValues} on
 * {@code surface-values} (through {@link ChunkEvaluation}); a chunk that cannot be evaluated
 * goes to {@code surface-chunks-dlq}.
 *
 * <h2>Delivery: at least once</h2>
 *
 * <ul>
 *   <li>The partitions of {@code surface-chunks} are split among the replicas by the consumer
 *       group; a chunk's offset is committed only after that chunk is done with.
 *   <li>{@link #consume} returns normally only after the chunk's values were acknowledged by
 *       the broker ({@code acks=all}). Then, and only then, the connector acknowledges the
 *       incoming record (post-processing acknowledgement), and the {@code throttled} commit
 *       strategy commits the highest offset below which every record is acknowledged.
 *   <li>If evaluation or publishing fails, {@link ChunkEvaluation} retries with backoff,
 *       unless a retry cannot help (a bad chunk, values too large for one record); when it
 *       gives up, the method throws, the connector nacks the record, and the
 *       {@code dead-letter-queue} failure strategy writes it to {@code surface-chunks-dlq}
 *       (with the error in the {@code dead-letter-reason} header) before its offset counts as
 *       processed. A bad chunk therefore holds its partition for a bounded time and is never
 *       silently lost.
 *   <li>A crash, a rebalance or a lost broker acknowledgement before the commit re-delivers
 *       the chunk; it is evaluated again and its values published twice. That is harmless:
 *       values are a pure function of the chunk and the viz service keeps one value per
 *       point index.
 * </ul>
 *
 * <p>Evaluation takes seconds per point, so the method runs on a worker thread
 * ({@code @Blocking}, ordered: one chunk at a time per worker), the consumer fetches one
 * record per poll, and the poll interval and unprocessed-record age limits are generous
 * (see application.properties).
 */
@ApplicationScoped
class ChunkConsumer {

    private static final Logger LOG = Logger.getLogger(ChunkConsumer.class);

    private final ChunkEvaluation evaluation;

    ChunkConsumer(ChunkEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    @Incoming(Topics.SURFACE_CHUNKS)
    @Blocking
    void consume(String json) {
        SurfaceChunk chunk = parse(json);
        try {
            evaluation.evaluateAndPublish(chunk);
        } catch (RuntimeException e) {
            LOG.warnf("surface %s chunk %d: giving up, sending it to the dead-letter topic: %s",
                    chunk.surface().surfaceId(), chunk.chunkIndex(), e.toString());
            throw e;
        }
    }

    private static SurfaceChunk parse(String json) {
        SurfaceChunk chunk;
        try {
            chunk = Json.fromJson(json, SurfaceChunk.class);
        } catch (RuntimeException e) {
            LOG.warnf("unreadable chunk, sending it to the dead-letter topic: %s", e.toString());
            throw new IllegalArgumentException("surface chunk: unreadable JSON: " + e, e);
        }
        if (chunk == null || chunk.surface() == null || chunk.surface().surfaceId() == null) {
            LOG.warnf("chunk without a surface id, sending it to the dead-letter topic");
            throw new IllegalArgumentException("surface chunk: surface.surfaceId is required");
        }
        return chunk;
    }
}
