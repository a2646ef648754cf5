package org.losscape.projection.surfaces;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.PartitionInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;
import org.losscape.projection.ProjectionConfig;

/**
 * Writes a planned surface to Kafka: its {@link SurfacePlanned} on {@code surfaces}, keyed by
 * surface id, then its {@link SurfaceChunk}s on {@code surface-chunks}, spread over that
 * topic's partitions, and returns only when the broker has acknowledged every record (or
 * throws when it has not within {@code losscape.projection.publish-timeout}).
 *
 * <h2>Why chunks name their partition</h2>
 *
 * <p>The surface workers share {@code surface-chunks} as one consumer group, one partition per
 * worker at most, so a surface is evaluated by as many workers as it has partitions with its
 * chunks. Keyed by surface id, every chunk of a surface would hash to one partition and one
 * worker. Chunk {@code c} therefore goes to partition {@code (s + c) mod n} ({@link
 * #partitionOf}), {@code n} the topic's partition count and {@code s} a start derived from the
 * surface id: any {@code n} consecutive chunks cover every partition once, so the counts of one
 * surface differ by at most one, and the start keeps the first chunks of many small surfaces
 * from all landing on partition 0. Chunks keep the surface id as key for tools and logs; the
 * explicit partition overrides the producer's partitioner, whatever a deployment sets there.
 *
 * <p>Kafka's {@code RoundRobinPartitioner}, the previous way, skipped partitions for years
 * (KAFKA-9965: asked twice when a new batch began). The Kafka 4.1 client no longer asks twice
 * ({@code Partitioner} has no {@code onNewBatch} any more), but the partitioner still counts
 * per topic rather than per surface, skips partitions without a leader at that moment, and is
 * a setting that a deployment can lose. The order of a surface's chunks does not matter: the
 * viz service keeps one value per point index.
 *
 * <p>The partition count comes from the channel's own producer ({@code partitionsFor}), which
 * answers from the metadata it caches and refreshes ({@code metadata.max.age.ms}), once per
 * surface; partitions added to the topic are used once the producer has seen them.
 */
@ApplicationScoped
class SurfacePublisher {

    /** Chunks in flight at once; the emitter buffer must hold a whole batch. */
    private static final int BATCH = 512;

    private final MutinyEmitter<Record<String, SurfacePlanned>> surfaces;
    private final MutinyEmitter<SurfaceChunk> chunks;
    private final KafkaClientService kafka;
    private final String chunkTopic;
    private final Duration timeout;

    SurfacePublisher(
            @Channel("surfaces") MutinyEmitter<Record<String, SurfacePlanned>> surfaces,
            @Channel(Topics.SURFACE_CHUNKS)
            @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * BATCH)
            MutinyEmitter<SurfaceChunk> chunks,
            KafkaClientService kafka,
            @ConfigProperty(name = "mp.messaging.outgoing.surface-chunks.topic",
                    defaultValue = Topics.SURFACE_CHUNKS)
            String chunkTopic,
            ProjectionConfig config) {
        this.surfaces = surfaces;
        this.chunks = chunks;
        this.kafka = kafka;
        this.chunkTopic = chunkTopic;
        this.timeout = config.publishTimeout();
    }

    /**
     * The partition of chunk {@code chunkIndex} of surface {@code surfaceId} on a topic of
     * {@code partitions} partitions: consecutive chunks go to consecutive partitions.
     */
    static int partitionOf(String surfaceId, int chunkIndex, int partitions) {
        int start = Math.floorMod(surfaceId.hashCode(), partitions);
        return (int) ((start + (long) chunkIndex) % partitions);
    }

    /** Publishes the surface and its chunks; returns the number of chunks sent. */
    int publish(SurfacePlanned surface, List<SurfaceChunk> surfaceChunks) {
        String key = surface.surfaceId();
        surfaces.send(Record.of(key, surface)).await().atMost(timeout);
        int partitions = chunkPartitions();

        for (int from = 0; from < surfaceChunks.size(); from += BATCH) {
            List<Uni<Void>> acks = new ArrayList<>(BATCH);
            for (SurfaceChunk chunk : surfaceChunks.subList(
                    from, Math.min(from + BATCH, surfaceChunks.size()))) {
                int partition = partitionOf(key, chunk.chunkIndex(), partitions);
                acks.add(chunks.sendMessage(Message.of(chunk)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(key)
                                .withPartition(partition)
                                .build())));
            }
            Uni.join().all(acks).andFailFast().await().atMost(timeout);
        }
        return surfaceChunks.size();
    }

    /** Partitions of the chunk topic, as the channel's producer knows them. */
    private int chunkPartitions() {
        KafkaProducer<String, SurfaceChunk> producer = kafka.getProducer(Topics.SURFACE_CHUNKS);
        if (producer == null) {
            throw new IllegalStateException(
                    "channel " + Topics.SURFACE_CHUNKS + " has no Kafka producer yet");
        }
        List<PartitionInfo> partitions =
                producer.partitionsFor(chunkTopic).await().atMost(timeout);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + chunkTopic + " has no partitions");
        }
        return partitions.size();
    }
}
