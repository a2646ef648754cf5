package org.losscape.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.losscape.messages.Json;

/** Gives REST bodies the JSON settings of the messages: NaN and ±∞ as strings, ISO instants. */
@Singleton
class JsonCustomization implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
