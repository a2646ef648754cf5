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

/**
 * Plans a surface: draws and stores its directions, stores its {@code surface.json} and
 * publishes it with its chunks (see {@link SurfacePublisher}). The stored objects come first,
 * so that a worker or viewer that hears of the surface finds everything it refers to.
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

    /** Plans {@code plan} as surface {@code surfaceId}; {@code trigger} is request or auto. */
    SurfacePlanned plan(SurfacePlan plan, String surfaceId, String trigger) {
        Timer.Sample started = Timer.start(registry);

        DirectionPair pair = directions.directions(plan);
        String xKey = ObjectKeys.direction(surfaceId, "x");
        store.put(xKey, pair.x().toBytes(), NDLIST);
        String yKey = null;
        if (!plan.oneDimensional()) {
            yKey = ObjectKeys.direction(surfaceId, "y");
            store.put(yKey, pair.y().toBytes(), NDLIST);
        }

        SurfacePlanned surface = new SurfacePlanned(
                surfaceId,
                plan.run().runId(),
                plan.run().model(),
                plan.epoch(),
                plan.checkpointKey(),
                plan.grid(),
                new DirectionSpec(plan.seed(), plan.normalization(),
                        plan.includeBiasAndBatchNorm(), pair.cosine()),
                plan.evalSet(),
                xKey,
                yKey,
                plan.chunkCount(),
                Instant.now());
        catalog.save(surface);
        int sent = publisher.publish(surface, Chunks.of(surface, plan.chunkSize()));

        chunksPublished.increment(sent);
        registry.counter("losscape.projection.surfaces.planned", "trigger", trigger).increment();
        long nanos = started.stop(planning);
        Log.infof("planned surface %s (%s) of run %s epoch %d: %d points in %d chunks, %.1f s",
                surfaceId, trigger, surface.runId(), surface.epoch(), surface.pointCount(), sent,
                nanos / 1e9);
        return surface;
    }
}
