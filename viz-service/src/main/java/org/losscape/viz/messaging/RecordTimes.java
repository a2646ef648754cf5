package org.losscape.viz.messaging;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The time a record was sent: its Kafka timestamp (the producer's create time). Replaying a
 * topic after a restart reads the same times back, unlike the clock at the time of reading.
 */
public final class RecordTimes {

    private RecordTimes() {}

    /** The record's timestamp, or null for a record that has none. */
    public static Instant sentAt(ConsumerRecord<?, ?> record) {
        return record.timestamp() == RecordBatch.NO_TIMESTAMP
                ? null
                : Instant.ofEpochMilli(record.timestamp());
    }
}
