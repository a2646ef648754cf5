package org.losscape.viz.messaging;

import org.losscape.messages.SurfaceChunk;

/** Value deserializer of the {@code surface-chunks-dlq} channel. */
public class SurfaceChunkDeserializer extends LenientDeserializer<SurfaceChunk> {

    public SurfaceChunkDeserializer() {
        super(SurfaceChunk.class);
    }
}
