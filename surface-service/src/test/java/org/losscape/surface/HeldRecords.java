package org.losscape.surface;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A Kafka producer interceptor for tests that holds records back: while {@link #hold} is in
 * force, every record waits in {@code onSend}, before the producer hands it to the broker, until
 * {@link #release} (or two minutes). Configured on a channel with {@code interceptor.classes}.
 *
 * <p>The state is static because Kafka creates the instance itself; the test and the service
 * share the class since a Quarkus test runs in the application's class loader.
 */
public class HeldRecords implements ProducerInterceptor<Object, Object> {

    private static final long MAX_HOLD_MINUTES = 2;

    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private static final List<Object> heldKeys = new CopyOnWriteArrayList<>();

    /** From now on, records wait until {@link #release}. */
    static void hold() {
        heldKeys.clear();
        gate = new CountDownLatch(1);
    }

    /** Lets every waiting and later record through. */
    static void release() {
        gate.countDown();
    }

    /** Keys of the records that waited since the last {@link #hold}, in arrival order. */
    static List<Object> heldKeys() {
        return List.copyOf(heldKeys);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        CountDownLatch current = gate;
        if (current.getCount() > 0) {
            heldKeys.add(record.key());
            try {
                current.await(MAX_HOLD_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
