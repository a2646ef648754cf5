package org.losscape.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.losscape.messages.Json;

/**
 * Gives Quarkus' ObjectMapper, which serves REST bodies and the Kafka serializers, the
 * settings of {@link Json}: ISO instants and NaN/±∞ as strings.
 */
@Singleton
class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
