package org.losscape.trainer;

import org.apache.kafka.common.serialization.Serializer;
import org.losscape.messages.Json;
import org.losscape.messages.RunEnded;

/** Kafka value serializer: a {@link RunEnded} as the shared JSON of {@link Json}. */
public class RunEndedSerializer implements Serializer<RunEnded> {

    @Override
    public byte[] serialize(String topic, RunEnded event) {
        return event == null ? null : Json.toBytes(event);
    }
}
