package org.losscape.trainer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.losscape.messages.Json;

/**
 * Gives REST bodies the JSON settings of the messages (NaN and ±∞ as strings, ISO instants)
 * and reads integer fields from JSON integers only.
 */
@Singleton
class JsonCustomization implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
        // Jackson would truncate "epochs": 1.7 to 1 and train a run nobody asked for; a
        // fraction in an integer field is refused with 400 instead. It affects reading only,
        // and this mapper reads nothing but request bodies here.
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
