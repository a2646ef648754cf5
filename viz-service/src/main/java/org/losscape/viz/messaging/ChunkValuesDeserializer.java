package org.losscape.viz.messaging;

import org.losscape.messages.ChunkValues;

/** Value deserializer of the {@code surface-values} channel. */
public class ChunkValuesDeserializer extends LenientDeserializer<ChunkValues> {

    public ChunkValuesDeserializer() {
        super(ChunkValues.class);
    }
}
