package org.losscape.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.losscape.messages.Json;

/**
 * Gives Quarkus' ObjectMapper, which serves the Kafka serializers and deserializers, the
 * settings of {@link Json}: ISO instants and NaN/±∞ as strings. REST bodies are read with a
 * strict copy of it ({@code api.RequestJson}) that refuses unknown fields.
 */
@Singleton
class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
