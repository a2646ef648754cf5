package org.losscape.projection.surfaces;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.losscape.directions.DirectionPair;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.SurfacePlanned;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.weights.ParameterTensors;

/**
 * Plans a surface: draws and stores its directions, stores its {@code surface.json} and
 * publishes it with its chunks (see {@link SurfacePublisher}). The stored objects come first,
 * so that a worker or viewer that hears of the surface finds everything it refers to. The
 * other views ({@link PcaPlanner}, {@link InterpolationPlanner}) make their own directions and
 * share the storing and publishing.
 *
 * <p>Metrics: {@code losscape.projection.surfaces.planned} (tag {@code trigger}: request or
 * auto), {@code losscape.projection.chunks.published} and the timer
 * {@code losscape.projection.planning}.
 */
@ApplicationScoped
class SurfacePlanner {

    private static final String NDLIST = "application/octet-stream";

    private final DirectionMaker directions;
    private final ObjectStore store;
    private final SurfaceCatalog catalog;
    private final SurfacePublisher publisher;
    private final MeterRegistry registry;
    private final Counter chunksPublished;
    private final Timer planning;

    SurfacePlanner(DirectionMaker directions, ObjectStore store, SurfaceCatalog catalog,
            SurfacePublisher publisher, MeterRegistry registry) {
        this.directions = directions;
        this.store = store;
        this.catalog = catalog;
        this.publisher = publisher;
        this.registry = registry;
        this.chunksPublished = Counter.builder("losscape.projection.chunks.published")
                .description("SurfaceChunk messages acknowledged by Kafka")
                .register(registry);
        this.planning = Timer.builder("losscape.projection.planning")
                .description("Time from a valid request to the last acknowledged chunk")
                .register(registry);
    }

    /**
     * Plans {@code plan} (random directions) as surface {@code surfaceId}; {@code trigger} is
     * request or auto.
     */
    SurfacePlanned plan(SurfacePlan plan, String surfaceId, String trigger) {
        Timer.Sample started = startTimer();

        DirectionPair pair = directions.directions(plan);
        String xKey = storeDirection(surfaceId, "x", pair.x());
        String yKey = plan.oneDimensional() ? null : storeDirection(surfaceId, "y", pair.y());

        SurfacePlanned surface = new SurfacePlanned(
                surfaceId,
                plan.run().runId(),
                plan.run().model(),
                plan.epoch(),
                plan.checkpointKey(),
                plan.grid(),
                new DirectionSpec(plan.seed(), plan.normalization(),
                        plan.includeBiasAndBatchNorm(),
                        plan.oneDimensional() ? 0.0 : pair.cosine(),
                        plan.moveBatchNormStatistics()),
                plan.evalSet(),
                xKey,
                yKey,
                plan.chunkCount(),
                Instant.now(),
                plan.oneDimensional() ? SurfacePlanned.LINE : SurfacePlanned.PLANE,
                plan.groupId(),
                null,
                null);
        return publish(surface, plan.chunkSize(), trigger, started);
    }

    /** Starts the planning timer of one surface; pass the sample to {@link #publish}. */
    Timer.Sample startTimer() {
        return Timer.start(registry);
    }

    /** Stores a direction of a surface; returns its key. */
    String storeDirection(String surfaceId, String axis, ParameterTensors direction) {
        String key = ObjectKeys.direction(surfaceId, axis);
        store.put(key, direction.toBytes(), NDLIST);
        return key;
    }

    /**
     * Stores {@code surface.json} and publishes the surface and its chunks of
     * {@code chunkSize} points; its directions must be stored already.
     */
    SurfacePlanned publish(
            SurfacePlanned surface, int chunkSize, String trigger, Timer.Sample started) {
        catalog.save(surface);
        int sent = publisher.publish(surface, Chunks.of(surface, chunkSize));

        chunksPublished.increment(sent);
        registry.counter("losscape.projection.surfaces.planned", "trigger", trigger).increment();
        long nanos = started.stop(planning);
        Log.infof("planned %s surface %s (%s) of run %s epoch %d: %d points in %d chunks, "
                + "%.1f s", surface.kind(), surface.surfaceId(), trigger, surface.runId(),
                surface.epoch(), surface.pointCount(), sent, nanos / 1e9);
        return surface;
    }
}
