package org.losscape.projection;

import ai.djl.Model;
import java.time.Instant;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.EpochMetrics;
import org.losscape.messages.Json;
import org.losscape.messages.Topics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.KafkaTopics;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/** Real ResNet-20 checkpoints in the test S3 server, announced like the trainer does. */
final class TestRuns {

    static final String MODEL = "resnet20";
    static final String DATASET = "cifar10";

    private TestRuns() {}

    /** Stores a seeded ResNet-20 as the checkpoint of {@code epoch}; returns its θ. */
    static ParameterTensors storeCheckpoint(ObjectStore store, String runId, int epoch) {
        try (Model model = Models.newModel(ModelSpec.parse(MODEL), 3, 32, 32, 11 + epoch)) {
            store.put(ObjectKeys.checkpoint(runId, epoch), Checkpoints.save(model),
                    "application/octet-stream");
            return ParameterTensors.of(model.getBlock());
        }
    }

    /** Publishes the CheckpointEvent of {@code epoch}; its test loss is NaN, as after a blow-up. */
    static void announce(String bootstrapServers, String runId, int epoch, int epochs) {
        announce(bootstrapServers, runId, epoch, epochs, /* autoSurface= */ null);
    }

    /** As {@link #announce(String, String, int, int)}, with the run's word on auto surfaces. */
    static void announce(
            String bootstrapServers, String runId, int epoch, int epochs, Boolean autoSurface) {
        CheckpointEvent event = new CheckpointEvent(runId, MODEL, DATASET, epoch, epochs,
                ObjectKeys.checkpoint(runId, epoch),
                new EpochMetrics(2.3, 0.1, Double.NaN, 0.1, 0.1, 1.0),
                epoch == epochs, Instant.now(), autoSurface);
        KafkaTopics.send(bootstrapServers, Topics.CHECKPOINTS, runId, Json.toJson(event));
    }
}
