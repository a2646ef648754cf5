package org.losscape.trainer;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.losscape.messages.Json;
import org.losscape.messages.RunEnded;
import org.losscape.messages.Topics;
import org.losscape.testsupport.KafkaTopics;

/** The {@code run-states} topic as the tests read it, through test-support's plain client. */
final class RunStates {

    private RunStates() {}

    /**
     * Every {@link RunEnded} of run {@code runId} on the topic, in order, once there is one:
     * the trainer publishes it after its REST view shows the end, so it may come a little
     * later. Fails if none arrives within a minute.
     */
    static List<RunEnded> awaitEnded(String bootstrapServers, String runId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !ended(bootstrapServers, runId).isEmpty());
        return ended(bootstrapServers, runId);
    }

    private static List<RunEnded> ended(String bootstrapServers, String runId) {
        return KafkaTopics.readAll(bootstrapServers, Topics.RUN_STATES).stream()
                .filter(record -> runId.equals(record.key()))
                .map(record -> Json.fromJson(record.value(), RunEnded.class))
                .toList();
    }
}
