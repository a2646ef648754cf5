package org.losscape.projection.runs;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import org.losscape.messages.CheckpointEvent;

/** Reads {@link CheckpointEvent} JSON from the {@code checkpoints} topic. */
public class CheckpointEventDeserializer extends ObjectMapperDeserializer<CheckpointEvent> {

    public CheckpointEventDeserializer() {
        super(CheckpointEvent.class);
    }
}
