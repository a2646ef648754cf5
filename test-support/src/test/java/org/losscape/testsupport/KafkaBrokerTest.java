package org.losscape.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void shared_calledTwice_returnsTheSameBroker() {
        assertSame(KafkaBroker.shared(), KafkaBroker.shared());
    }

    @Test
    void newTopic_producedTo_isCreatedWithFourPartitions_andRecordsReachAGroupConsumer()
            throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String topic = "test-" + UUID.randomUUID();

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new StringSerializer())) {
            for (int k = 0; k < 3; k++) {
                producer.send(new ProducerRecord<>(topic, "key-" + k, "value-" + k)).get();
            }
            assertEquals(KafkaBroker.PARTITIONS, producer.partitionsFor(topic).size());
        }

        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "group-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        values.sort(null);
        assertEquals(List.of("value-0", "value-1", "value-2"), values);
    }

    @Test
    void kafkaTopics_sendThenReadAll_returnsEveryRecordOnce() {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String topic = "read-all-" + UUID.randomUUID();

        KafkaTopics.send(bootstrap, topic, "a", "{\"n\":1}");
        KafkaTopics.send(bootstrap, topic, "b", "{\"n\":2}");
        List<String> values = new ArrayList<>();
        KafkaTopics.readAll(bootstrap, topic).forEach(record -> values.add(record.value()));

        values.sort(null);
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), values);
    }

    @Test
    void kafkaTopics_readAll_newTopic_isEmpty() {
        String bootstrap = KafkaBroker.shared().bootstrapServers();

        assertEquals(List.of(), KafkaTopics.readAll(bootstrap, "empty-" + UUID.randomUUID()));
    }
}
