package org.losscape.projection;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.losscape.data.Cifar10;
import org.losscape.data.ImageSet;
import org.losscape.data.Split;
import org.losscape.messages.Json;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.training.ProgressListener;
import org.losscape.training.TrainingConfig;
import org.losscape.training.TrainingLoop;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/**
 * Runs for the views' tests, stored once per JVM in the test S3 server with a {@code run.json}
 * (so the service finds them in the bucket, and no auto surface is triggered): real ResNet-20
 * training on 32 CIFAR-10 images, seed 7.
 */
final class TrainedRuns {

    /** ResNet-20, batch 16, 3 epochs: checkpoints 0 … 3, two SGD steps apart. */
    static final String TRAJECTORY = "views-trajectory";

    /** ResNet-20 from the same seed, batch 32, 1 epoch: checkpoints 0 and 1. */
    static final String LARGE_BATCH = "views-large-batch";

    /** ResNet-20 without skip connections, initialization only (checkpoint 0). */
    static final String NO_SKIP = "views-noskip";

    /** ResNet-20, two seeded initializations as epochs 0 and 1: too short for a PCA. */
    static final String SHORT = "views-short";

    private static final Map<String, ParameterTensors> THETAS = new HashMap<>();

    private TrainedRuns() {}

    /** Stores the runs unless this JVM has done so already. */
    static synchronized void ensureStored(ObjectStore store) {
        if (!THETAS.isEmpty()) {
            return;
        }
        // TrainingLoop asks the engine for its autograd mode before it builds a model.
        Engine.getInstance();
        Path datasets = Path.of(System.getProperty("losscape.datasets", "../shared/datasets"));
        ImageSet train = Cifar10.read(datasets.resolve("cifar-10-subset"), Split.TRAIN);
        ImageSet test = Cifar10.read(datasets.resolve("cifar-10-subset"), Split.TEST);

        train(store, TRAJECTORY, 16, 3, train, test);
        train(store, LARGE_BATCH, 32, 1, train, test);
        initialization(store, NO_SKIP, "resnet20-noskip", 0, 3);
        initialization(store, SHORT, "resnet20", 0, 4);
        initialization(store, SHORT, "resnet20", 1, 5);
    }

    /** θ of a stored run's checkpoint, as stored. */
    static synchronized ParameterTensors theta(String runId, int epoch) {
        return THETAS.get(runId + "@" + epoch);
    }

    private static void train(ObjectStore store, String runId, int batchSize, int epochs,
            ImageSet train, ImageSet test) {
        TrainingConfig config = new TrainingConfig("resnet20", "cifar10", epochs, batchSize,
                0.1, 0.9, false, 5e-4, List.of(), 1.0, /* seed= */ 7, 32, 8, false);
        new TrainingLoop(config, train, test).run(
                (epoch, metrics, model) -> store(store, runId, epoch, model),
                ProgressListener.NONE);
        storeRunJson(store, runId, "resnet20");
    }

    private static void initialization(
            ObjectStore store, String runId, String model, int epoch, long seed) {
        try (Model initial = Models.newModel(ModelSpec.parse(model), 3, 32, 32, seed)) {
            store(store, runId, epoch, initial);
        }
        storeRunJson(store, runId, model);
    }

    private static void store(ObjectStore store, String runId, int epoch, Model model) {
        store.put(ObjectKeys.checkpoint(runId, epoch), Checkpoints.save(model),
                "application/octet-stream");
        THETAS.put(runId + "@" + epoch, ParameterTensors.of(model.getBlock()));
    }

    private static void storeRunJson(ObjectStore store, String runId, String model) {
        store.put(ObjectKeys.run(runId), Json.toBytes(Map.of(
                "id", runId, "model", model, "dataset", "cifar10")), "application/json");
    }
}
