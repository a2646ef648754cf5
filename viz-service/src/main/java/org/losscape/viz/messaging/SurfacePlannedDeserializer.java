package org.losscape.viz.messaging;

import org.losscape.messages.SurfacePlanned;

/** Value deserializer of the {@code surfaces} channel. */
public class SurfacePlannedDeserializer extends LenientDeserializer<SurfacePlanned> {

    public SurfacePlannedDeserializer() {
        super(SurfacePlanned.class);
    }
}
