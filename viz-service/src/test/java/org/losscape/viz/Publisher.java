package org.losscape.viz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.Json;
import org.losscape.messages.RunEnded;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.Topics;

/**
 * A plain Kafka producer writing messages as the other services do: JSON from the shared
 * mapper, keyed by run or surface id. Each send waits for the broker's acknowledgement.
 */
public final class Publisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    /** A producer for the broker the running application is configured with. */
    public Publisher() {
        this(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    public Publisher(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        producer =
                new KafkaProducer<>(
                        properties, new StringSerializer(), new ByteArraySerializer());
    }

    public void planned(SurfacePlanned plan) {
        send(Topics.SURFACES, plan.surfaceId(), Json.toBytes(plan));
    }

    public void values(ChunkValues chunk) {
        send(Topics.SURFACE_VALUES, chunk.surfaceId(), Json.toBytes(chunk));
    }

    /** Sends {@code chunk} in a record whose timestamp is {@code sentAt}, as if sent then. */
    public void values(ChunkValues chunk, Instant sentAt) {
        send(
                new ProducerRecord<>(
                        Topics.SURFACE_VALUES,
                        null,
                        sentAt.toEpochMilli(),
                        chunk.surfaceId(),
                        Json.toBytes(chunk)));
    }

    public void checkpoint(CheckpointEvent event) {
        send(Topics.CHECKPOINTS, event.runId(), Json.toBytes(event));
    }

    /** Sends {@code event} in a record whose timestamp is {@code sentAt}, as if sent then. */
    public void checkpoint(CheckpointEvent event, Instant sentAt) {
        send(
                new ProducerRecord<>(
                        Topics.CHECKPOINTS,
                        null,
                        sentAt.toEpochMilli(),
                        event.runId(),
                        Json.toBytes(event)));
    }

    public void ended(RunEnded event) {
        send(Topics.RUN_STATES, event.runId(), Json.toBytes(event));
    }

    /**
     * Sends {@code chunk} to the dead-letter topic as a surface worker's failure strategy does:
     * the chunk's JSON keyed by surface id, {@code reason} in header dead-letter-reason.
     */
    public void deadLettered(SurfaceChunk chunk, String reason) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                        Topics.SURFACE_CHUNKS_DLQ,
                        chunk.surface().surfaceId(),
                        Json.toBytes(chunk));
        record.headers()
                .add(Topics.DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    /** Sends raw bytes, for records that are not valid messages. */
    public void raw(String topic, String key, byte[] value) {
        send(topic, key, value);
    }

    private void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
