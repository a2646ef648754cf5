package org.losscape.trainer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.losscape.messages.Json;

/**
 * Gives REST bodies the JSON settings of the messages (NaN and ±∞ as strings, ISO instants,
 * integer fields from JSON integers only) and refuses fields a request does not have.
 */
@Singleton
class JsonCustomization implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
        // A misspelled field ("epoch" for "epochs") would otherwise take its default and train
        // a run nobody asked for. It affects reading only, and this mapper reads nothing but
        // request bodies here; the shared mapper stays lenient for messages.
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
