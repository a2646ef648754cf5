package org.losscape.viz.messaging;

import org.losscape.messages.CheckpointEvent;

/** Value deserializer of the {@code checkpoints} channel. */
public class CheckpointEventDeserializer extends LenientDeserializer<CheckpointEvent> {

    public CheckpointEventDeserializer() {
        super(CheckpointEvent.class);
    }
}
