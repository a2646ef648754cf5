package org.losscape.projection.surfaces;

import java.util.List;
import org.losscape.messages.EvalSetSpec;
import org.losscape.projection.runs.Run;
import org.losscape.projection.surfaces.SurfaceRequest.AxisRequest;

/**
 * A validated request for the PCA plane of a run's trajectory: what {@link PcaPlanner} needs.
 *
 * @param epochs the checkpoints of the path in training order; the last is the plane's origin
 * @param x requested α range (either end may be null: it then comes from the path); may be null
 * @param y requested β range, likewise
 * @param margin padding of the path's bounding box, as a fraction of its larger span
 */
record PcaPlan(
        Run run,
        List<Integer> epochs,
        AxisRequest x,
        AxisRequest y,
        int xPoints,
        int yPoints,
        double margin,
        boolean includeBiasAndBatchNorm,
        EvalSetSpec evalSet,
        int chunkSize) {

    PcaPlan {
        epochs = List.copyOf(epochs);
    }

    /** The origin's epoch. */
    int epoch() {
        return epochs.get(epochs.size() - 1);
    }

    String checkpointKey() {
        return run.checkpoints().get(epoch());
    }
}
