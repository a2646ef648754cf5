package org.losscape.projection.surfaces;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.projection.ProjectionConfig;

/**
 * Writes a planned surface to Kafka: its {@link SurfacePlanned} on {@code surfaces}, then its
 * {@link SurfaceChunk}s on {@code surface-chunks}, all keyed by surface id, and returns only
 * when the broker has acknowledged every record (or throws when it has not within
 * {@code losscape.projection.publish-timeout}).
 */
@ApplicationScoped
class SurfacePublisher {

    /** Chunks in flight at once; the emitter buffer must hold a whole batch. */
    private static final int BATCH = 512;

    private final MutinyEmitter<Record<String, SurfacePlanned>> surfaces;
    private final MutinyEmitter<Record<String, SurfaceChunk>> chunks;
    private final Duration timeout;

    SurfacePublisher(
            @Channel("surfaces") MutinyEmitter<Record<String, SurfacePlanned>> surfaces,
            @Channel("surface-chunks")
            @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * BATCH)
            MutinyEmitter<Record<String, SurfaceChunk>> chunks,
            ProjectionConfig config) {
        this.surfaces = surfaces;
        this.chunks = chunks;
        this.timeout = config.publishTimeout();
    }

    /** Publishes the surface and its chunks; returns the number of chunks sent. */
    int publish(SurfacePlanned surface, List<SurfaceChunk> surfaceChunks) {
        String key = surface.surfaceId();
        surfaces.send(Record.of(key, surface)).await().atMost(timeout);

        for (int from = 0; from < surfaceChunks.size(); from += BATCH) {
            List<Uni<Void>> acks = new ArrayList<>(BATCH);
            for (SurfaceChunk chunk : surfaceChunks.subList(
                    from, Math.min(from + BATCH, surfaceChunks.size()))) {
                acks.add(chunks.send(Record.of(key, chunk)));
            }
            Uni.join().all(acks).andFailFast().await().atMost(timeout);
        }
        return surfaceChunks.size();
    }
}
