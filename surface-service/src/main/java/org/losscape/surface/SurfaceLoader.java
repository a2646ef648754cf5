package org.losscape.surface;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import org.losscape.data.Datasets;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;
import org.losscape.data.Split;
import org.losscape.evaluation.Evaluator;
import org.losscape.evaluation.SurfaceEvaluator;
import org.losscape.grid.Grid;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.SurfacePlanned;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectStore;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;
import org.losscape.weights.PlaneWriter;

/**
 * Builds a {@link LoadedSurface} from a plan: the model named in the plan with the checkpoint
 * from the object store, both directions, and the first {@code evalSet.size} images of the
 * evaluation split as float32 N×C×H×W and integer N arrays.
 *
 * <p>A missing object or an unreadable checkpoint throws; an unknown model, dataset or split
 * throws {@link IllegalArgumentException}, which is not worth retrying.
 */
@ApplicationScoped
class SurfaceLoader {

    /** The seed only decides the initial weights, which the checkpoint overwrites. */
    private static final long ANY_SEED = 0L;

    private final ObjectStore store;
    private final DataConfig data;
    private final SurfaceConfig config;

    SurfaceLoader(ObjectStore store, DataConfig data, SurfaceConfig config) {
        this.store = store;
        this.data = data;
        this.config = config;
    }

    LoadedSurface load(SurfacePlanned plan) {
        ModelSpec spec = ModelSpec.parse(plan.model());
        Grid grid = new Grid(plan.grid());
        ImageSet images = evaluationImages(plan.evalSet());
        byte[] checkpoint = store.get(plan.checkpointKey());
        ParameterTensors dx = ParameterTensors.fromBytes(store.get(plan.directionXKey()));
        ParameterTensors dy = plan.directionYKey() == null
                ? null
                : ParameterTensors.fromBytes(store.get(plan.directionYKey()));

        Model model = Models.newModel(
                spec, images.channels(), images.height(), images.width(), ANY_SEED);
        NDManager tensors = model.getNDManager().newSubManager();
        try {
            Checkpoints.load(model, checkpoint);
            ParameterTensors origin = ParameterTensors.of(model.getBlock());
            Normalization normalization = Datasets.normalization(plan.evalSet().dataset());
            NDArray x = ImageTensors.images(images, normalization, tensors);
            NDArray y = ImageTensors.labels(images, tensors);
            PlaneWriter writer = plan.interpolation() == null
                    ? new PlaneWriter(model.getBlock(), tensors, origin, dx, dy)
                    : interpolationWriter(plan, model, tensors, origin, dx);
            Evaluator evaluator = new Evaluator(model.getBlock(), x, y, config.batchSize());
            return new LoadedSurface(plan, grid, model, tensors, writer,
                    new SurfaceEvaluator(writer, evaluator));
        } catch (RuntimeException e) {
            tensors.close();
            model.close();
            throw e;
        }
    }

    /**
     * The writer of an interpolation: it writes the second solution itself at α = 1, which
     * θ_A + 1·(θ_B − θ_A) in float32 may miss by the last bit.
     */
    private PlaneWriter interpolationWriter(SurfacePlanned plan, Model model, NDManager tensors,
            ParameterTensors origin, ParameterTensors dx) {
        Checkpoints.load(model, store.get(plan.interpolation().checkpointKey()));
        ParameterTensors end = ParameterTensors.of(model.getBlock());
        return PlaneWriter.interpolation(model.getBlock(), tensors, origin, dx, end);
    }

    private ImageSet evaluationImages(EvalSetSpec evalSet) {
        Split split = Split.parse(evalSet.split());
        Path location = data.locationOf(evalSet.dataset());
        return Datasets.load(evalSet.dataset(), location, split).first(evalSet.size());
    }
}
