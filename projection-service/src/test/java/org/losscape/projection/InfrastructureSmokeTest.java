package org.losscape.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.kafka.client.serialization.ObjectMapperSerializer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Json;
import org.losscape.messages.PointValue;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.testsupport.KafkaTopics;

/** The test infrastructure and the service's clients work together in one JVM. */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class InfrastructureSmokeTest {

    @Inject
    ObjectStore store;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void objectStore_ofTheService_storesInTheTestS3Server() {
        byte[] bytes = "stored".getBytes(StandardCharsets.UTF_8);

        store.put("smoke/object", bytes, "text/plain");

        assertEquals(InfrastructureResource.BUCKET, store.bucket());
        assertArrayEquals(bytes, store.get("smoke/object"));
    }

    @Test
    void kafka_ofTheTest_carriesRecords() {
        String topic = "smoke-" + UUID.randomUUID();

        KafkaTopics.send(bootstrapServers, topic, "k", "v");

        assertEquals(List.of("v"), KafkaTopics.readAll(bootstrapServers, topic).stream()
                .map(record -> record.value())
                .toList());
    }

    @Test
    void quarkusObjectMapper_writesNonFiniteLikeJson() throws Exception {
        PointValue value = new PointValue(0, 0, 0, 0, 0, Double.NaN, Double.NEGATIVE_INFINITY);

        String written = mapper.writeValueAsString(value);

        assertEquals(Json.toJson(value), written);
        assertTrue(written.contains("\"loss\":\"NaN\""), written);
    }

    @Test
    void kafkaSerializer_configuredForTheChannels_writesNonFiniteLikeJson() {
        PointValue value = new PointValue(0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, 0.5);

        try (ObjectMapperSerializer<PointValue> serializer = new ObjectMapperSerializer<>()) {
            byte[] written = serializer.serialize("any-topic", value);

            assertEquals(Json.toJson(value), new String(written, StandardCharsets.UTF_8));
        }
    }
}
