package org.losscape.viz.messaging;

import org.losscape.messages.RunEnded;

/** Value deserializer of the {@code run-states} channel. */
public class RunEndedDeserializer extends LenientDeserializer<RunEnded> {

    public RunEndedDeserializer() {
        super(RunEnded.class);
    }
}
