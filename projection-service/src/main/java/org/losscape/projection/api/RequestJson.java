package org.losscape.projection.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON mapper of REST bodies: the service's mapper (the settings of
 * {@code org.losscape.messages.Json}) with unknown properties refused, so that a misspelled
 * field is a 400 naming it instead of a request that silently takes the default. Kafka records
 * and stored documents keep the shared, lenient mapper: their readers must survive newer
 * writers.
 */
@Provider
class RequestJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    RequestJson(ObjectMapper shared) {
        this.strict = shared.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
