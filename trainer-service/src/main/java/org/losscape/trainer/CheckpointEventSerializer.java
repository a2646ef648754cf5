package org.losscape.trainer;

import org.apache.kafka.common.serialization.Serializer;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.Json;

/** Kafka value serializer: a {@link CheckpointEvent} as the shared JSON of {@link Json}. */
public class CheckpointEventSerializer implements Serializer<CheckpointEvent> {

    @Override
    public byte[] serialize(String topic, CheckpointEvent event) {
        return event == null ? null : Json.toBytes(event);
    }
}
