package org.losscape.surface;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.Json;
import org.losscape.messages.PointValue;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.Topics;

/**
 * Evaluates the points of one {@link SurfaceChunk} and publishes them as {@link ChunkValues}
 * on {@code surface-values}, keyed by surface id; returns only once the broker has
 * acknowledged the values. The one place that logs progress.
 *
 * <p>A failure is retried with exponential backoff (a checkpoint or direction may not be
 * readable yet, the object store or broker may be briefly away); an
 * {@link IllegalArgumentException} (unknown model, points outside the grid) and a
 * {@link ValuesTooLargeException} (values over Kafka's record size) are not, since the same
 * chunk would fail the same way. Retrying re-evaluates the whole chunk, which is harmless:
 * values are a pure function of the chunk.
 */
@ApplicationScoped
class ChunkEvaluation {

    private static final Logger LOG = Logger.getLogger(ChunkEvaluation.class);

    private final SurfaceCache cache;
    private final SurfaceLoader loader;
    private final MutinyEmitter<String> values;
    private final String worker;
    private final Counter points;
    private final Timer pointLatency;
    private final Timer chunkLatency;

    ChunkEvaluation(SurfaceCache cache, SurfaceLoader loader,
            @Channel(Topics.SURFACE_VALUES) MutinyEmitter<String> values, MeterRegistry registry) {
        this.cache = cache;
        this.loader = loader;
        this.values = values;
        this.worker = WorkerName.current();
        this.points = Counter.builder("losscape.surface.points")
                .description("grid points evaluated")
                .register(registry);
        this.pointLatency = Timer.builder("losscape.surface.point")
                .description("time to write one point's weights and evaluate the loss there")
                .register(registry);
        this.chunkLatency = Timer.builder("losscape.surface.chunk")
                .description("time from taking a chunk to its values being acknowledged,"
                        + " loading the surface included")
                .register(registry);
    }

    @Retry(maxRetries = 3, delay = 1_000, jitter = 200,
            abortOn = {IllegalArgumentException.class, ValuesTooLargeException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    void evaluateAndPublish(SurfaceChunk chunk) {
        try {
            evaluateAndPublishOnce(chunk);
        } catch (RuntimeException e) {
            LOG.warnf("surface %s chunk %d: attempt failed: %s", chunk.surface().surfaceId(),
                    chunk.chunkIndex(), e.toString());
            throw e;
        }
    }

    private void evaluateAndPublishOnce(SurfaceChunk chunk) {
        Timer.Sample received = Timer.start();
        String surfaceId = chunk.surface().surfaceId();
        ChunkValues result = cache.use(chunk.surface(), loader::load, surface -> {
            checkPointsInGrid(chunk, surface.pointCount());
            long start = System.nanoTime();
            List<PointValue> evaluated = evaluate(surface, chunk);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ChunkValues(surfaceId, chunk.chunkIndex(), worker, seconds, evaluated);
        });

        publish(chunk, result);

        received.stop(chunkLatency);
        int count = result.points().size();
        points.increment(count);
        LOG.infof("surface %s chunk %d/%d: %d points in %.1f s (%.2f points/s)", surfaceId,
                chunk.chunkIndex() + 1, chunk.surface().chunkCount(), count, result.seconds(),
                count / result.seconds());
    }

    /** Returns once the broker has the values; ValuesTooLargeException if it never will. */
    private void publish(SurfaceChunk chunk, ChunkValues result) {
        String json = Json.toJson(result);
        try {
            values.sendMessageAndAwait(Message.of(json)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(result.surfaceId())
                            .build()));
        } catch (RuntimeException e) {
            if (!tooLarge(e)) {
                throw e;
            }
            throw new ValuesTooLargeException(String.format(
                    "surface %s chunk %d: its values (%d points, %d bytes of JSON) are larger"
                            + " than Kafka accepts in one record, so no retry can publish them;"
                            + " plan the surface again with a smaller chunkSize (at most %d): %s",
                    result.surfaceId(), chunk.chunkIndex(), result.points().size(),
                    json.getBytes(StandardCharsets.UTF_8).length, SurfaceChunk.MAX_POINTS,
                    e.getMessage()), e);
        }
    }

    /** Whether Kafka refused the record for its size, anywhere in the cause chain. */
    private static boolean tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException
                    || cause instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /** The chunk's points in index order; the weights end at the last point's. */
    private List<PointValue> evaluate(LoadedSurface surface, SurfaceChunk chunk) {
        List<PointValue> evaluated = new ArrayList<>(chunk.pointCount());
        int end = chunk.firstPoint() + chunk.pointCount();
        for (int index = chunk.firstPoint(); index < end; index++) {
            int point = index;
            evaluated.add(pointLatency.record(() -> surface.evaluate(point)));
        }
        return evaluated;
    }

    private static void checkPointsInGrid(SurfaceChunk chunk, int gridSize) {
        long end = (long) chunk.firstPoint() + chunk.pointCount();
        if (chunk.firstPoint() < 0 || chunk.pointCount() < 1 || end > gridSize) {
            throw new IllegalArgumentException(String.format(
                    "chunk %d: points [%d, %d) must lie in the grid [0, %d) and be at least one",
                    chunk.chunkIndex(), chunk.firstPoint(), end, gridSize));
        }
    }
}
