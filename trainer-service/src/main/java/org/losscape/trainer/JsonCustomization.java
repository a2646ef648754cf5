package org.losscape.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.losscape.messages.Json;

/**
 * Gives REST bodies the JSON settings of the messages (NaN and ±∞ as strings, ISO instants,
 * integer fields from JSON integers only) and the strict reading of request bodies: unknown
 * fields, explicit nulls and values of another JSON type are refused.
 */
@Singleton
class JsonCustomization implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
        // A misspelled field ("epoch" for "epochs"), "epochs": null or "epochs": "3" would
        // otherwise take the default or a guess and train a run nobody asked for. It affects
        // reading only, and this mapper reads nothing but request bodies here; the shared
        // mapper stays lenient for messages.
        Json.configureForRequests(mapper);
    }
}
