package org.losscape.projection.surfaces;

import ai.djl.Model;
import jakarta.enterprise.context.ApplicationScoped;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectStore;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/**
 * Draws the two directions of a surface for a stored checkpoint: reads the checkpoint, loads
 * it into a fresh model of the run's architecture, snapshots θ and draws d1, d2 from it
 * (see {@link Directions} for the normalization). Host memory only: the model is closed before
 * returning.
 */
@ApplicationScoped
class DirectionMaker {

    private final ObjectStore store;

    DirectionMaker(ObjectStore store) {
        this.store = store;
    }

    /** The directions of {@code plan}, each with θ's names and shapes. */
    DirectionPair directions(SurfacePlan plan) {
        return Directions.pair(
                theta(plan), plan.seed(), plan.normalization(), plan.includeBiasAndBatchNorm());
    }

    private ParameterTensors theta(SurfacePlan plan) {
        byte[] checkpoint = store.get(plan.checkpointKey());
        ModelSpec spec = ModelSpec.parse(plan.run().model());
        DatasetFacts facts = DatasetFacts.of(plan.run().dataset());

        try (Model model = Models.newModel(
                spec, facts.channels(), facts.height(), facts.width(), /* seed= */ 0)) {
            Checkpoints.load(model, checkpoint);
            return ParameterTensors.of(model.getBlock());
        }
    }
}
