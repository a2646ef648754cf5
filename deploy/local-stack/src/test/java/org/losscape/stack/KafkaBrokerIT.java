package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The local broker, started from the built Kafka jars, on a work folder used before. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaBrokerIT {

    private static final Duration GRACE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    /**
     * A second start on the same folder failed with "kafka-storage-format failed with code 1":
     * the storage was formatted again with a new cluster id, which the tool refuses.
     */
    @Test
    void start_folderOfAnEarlierBroker_startsOnItsDataWithItsClusterId() {
        Installation installation = Installation.locate();
        StackConfig ports = StackConfig.onFreePorts(temp, temp, 1, Map.of());
        Path dir = temp.resolve("kafka");
        Path logs = temp.resolve("logs");

        ChildProcess first = KafkaBroker.start(installation, dir, logs, ports.kafkaPort(),
                ports.kafkaControllerPort(), 1);
        String clusterId = KafkaBroker.clusterId(dir.resolve("data"));
        first.requestStop();
        first.awaitStop(GRACE);
        ChildProcess second = KafkaBroker.start(installation, dir, logs, ports.kafkaPort(),
                ports.kafkaControllerPort(), 1);
        try {
            assertTrue(second.isAlive(), "the second broker runs");
            assertTrue(second.logContains("Kafka Server started"), second.tail(20));
            assertEquals(clusterId, KafkaBroker.clusterId(dir.resolve("data")));
        } finally {
            second.requestStop();
            second.awaitStop(GRACE);
        }
    }
}
