package org.losscape.viz.messaging;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import org.jboss.logging.Logger;
import org.losscape.messages.Json;

/**
 * Reads a record's JSON value with the shared message mapper; a value that cannot be read
 * becomes null with a warning, so one bad record does not stop the channel. Consumers skip
 * null payloads.
 */
class LenientDeserializer<T> extends ObjectMapperDeserializer<T> {

    private static final Logger LOG = Logger.getLogger(LenientDeserializer.class);

    private final Class<T> type;

    LenientDeserializer(Class<T> type) {
        super(type, Json.mapper());
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            return super.deserialize(topic, data);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "dropped a record on %s that is not a readable %s: %s",
                    topic,
                    type.getSimpleName(),
                    e.getMessage());
            return null;
        }
    }
}
