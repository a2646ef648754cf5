package org.losscape.surface;

import ai.djl.Model;
import java.time.Instant;
import java.util.UUID;
import org.losscape.directions.DirectionPair;
import org.losscape.directions.Directions;
import org.losscape.messages.Axis;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.SurfacePlanned;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/** Small surfaces whose checkpoint and directions are written to a real object store. */
final class StoredSurfaces {

    private StoredSurfaces() {}

    /**
     * A freshly initialized ResNet-20 of {@code runId} at epoch 0 and two filter-normalized
     * directions in the store; the plan of a 3×1 grid on α ∈ [-1, 1] in one chunk, evaluated
     * on the first {@code testImages} CIFAR-10 test images.
     */
    static SurfacePlanned resNet20Line(ObjectStore store, String runId, int testImages) {
        store.ensureBucket();
        String surfaceId = "surface-" + UUID.randomUUID();
        String checkpointKey = ObjectKeys.checkpoint(runId, 0);
        String xKey = ObjectKeys.direction(surfaceId, "x");
        String yKey = ObjectKeys.direction(surfaceId, "y");

        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 5)) {
            DirectionPair directions = Directions.pair(
                    ParameterTensors.of(model.getBlock()), /* seed= */ 3, "filter", false);
            store.put(checkpointKey, Checkpoints.save(model), "application/octet-stream");
            store.put(xKey, directions.x().toBytes(), "application/octet-stream");
            store.put(yKey, directions.y().toBytes(), "application/octet-stream");
        }

        GridSpec grid = new GridSpec(new Axis(-1, 1, 3), new Axis(0, 0, 1));
        return new SurfacePlanned(surfaceId, runId, "resnet20", 0, checkpointKey, grid,
                new DirectionSpec(3, "filter", false, 0.0),
                new EvalSetSpec("cifar10", "test", testImages), xKey, yKey,
                /* chunkCount= */ 1, Instant.now());
    }
}
