package org.losscape.projection.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import org.losscape.messages.Json;

/**
 * The JSON mapper of REST bodies: the service's mapper (the settings of
 * {@code org.losscape.messages.Json}) with the strict reading of request bodies
 * ({@link Json#configureForRequests}), so that a misspelled field, an explicit null or a
 * string for a number is a 400 naming the field instead of a request that silently takes the
 * default or a guess. Kafka records and stored documents keep the shared, lenient mapper: their
 * readers must survive newer writers.
 */
@Provider
class RequestJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    RequestJson(ObjectMapper shared) {
        this.strict = Json.configureForRequests(shared.copy());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
