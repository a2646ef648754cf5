package org.losscape.projection.runs;

import ai.djl.Model;
import jakarta.enterprise.context.ApplicationScoped;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectStore;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/**
 * Reads stored checkpoints of a run into host tensors: each is loaded into a fresh model of the
 * run's architecture (built for its data set's image shape) and snapshotted, running statistics
 * included. The model is closed before returning, so nothing stays on the engine.
 */
@ApplicationScoped
public class CheckpointReader {

    /** The seed only decides the initial weights, which the checkpoint overwrites. */
    private static final long ANY_SEED = 0L;

    private final ObjectStore store;

    CheckpointReader(ObjectStore store) {
        this.store = store;
    }

    /** θ of {@code run} at {@code epoch}, which the caller has checked is stored. */
    public ParameterTensors read(Run run, int epoch) {
        return read(run.model(), run.dataset(), run.checkpoints().get(epoch));
    }

    /** θ stored under {@code checkpointKey}, a checkpoint of {@code model} for {@code dataset}. */
    public ParameterTensors read(String model, String dataset, String checkpointKey) {
        byte[] checkpoint = store.get(checkpointKey);
        try (Model loaded = newModel(model, dataset)) {
            Checkpoints.load(loaded, checkpoint);
            return ParameterTensors.of(loaded.getBlock());
        }
    }

    /** A model of {@code model}'s architecture for images of {@code dataset}; caller closes. */
    public static Model newModel(String model, String dataset) {
        DatasetFacts facts = DatasetFacts.of(dataset);
        return Models.newModel(ModelSpec.parse(model), facts.channels(), facts.height(),
                facts.width(), ANY_SEED);
    }
}
