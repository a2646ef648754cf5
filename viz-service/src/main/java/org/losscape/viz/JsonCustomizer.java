package org.losscape.viz;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.losscape.messages.Json;

/**
 * Gives REST bodies and server-sent events the JSON settings of the messages, so a NaN loss is
 * written as the string {@code "NaN"} everywhere.
 */
@Singleton
class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
