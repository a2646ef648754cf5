package org.losscape.projection.surfaces;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quarkus.logging.Log;
import java.nio.file.Path;
import java.util.Optional;
import org.losscape.data.Datasets;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Split;
import org.losscape.evaluation.Evaluator;
import org.losscape.evaluation.LossAccuracy;
import org.losscape.messages.EvalSetSpec;

/**
 * The true loss and accuracy of whatever weights a model holds, on a surface's evaluation set:
 * the images stay on the engine (float32 N×C×H×W and N labels) in a sub-manager of the model's
 * manager until {@link #close()}, and each evaluation runs a sub-manager per batch
 * ({@link Evaluator}).
 *
 * <p>If the images cannot be read (no {@code losscape.data.location}, another data set there,
 * fewer images than asked for), every evaluation gives NaN loss and accuracy: the surface is
 * still worth planning, its workers read their own copy of the data. One warning says why.
 */
final class PathEvaluator implements AutoCloseable {

    private static final LossAccuracy UNKNOWN = new LossAccuracy(Double.NaN, Double.NaN);

    private final NDManager data;
    private final Evaluator evaluator;

    private PathEvaluator(NDManager data, Evaluator evaluator) {
        this.data = data;
        this.evaluator = evaluator;
    }

    /** An evaluator of {@code model}'s block on {@code evalSet}, read from {@code location}. */
    static PathEvaluator open(Model model, EvalSetSpec evalSet, Optional<Path> location) {
        if (location.isEmpty()) {
            Log.warnf("no location of %s is configured (losscape.data.*): the trajectory's "
                    + "true losses on %s are not evaluated", evalSet.dataset(), evalSet);
            return new PathEvaluator(null, null);
        }
        ImageSet images;
        try {
            images = Datasets.load(evalSet.dataset(), location.get(), Split.parse(evalSet.split()))
                    .first(evalSet.size());
        } catch (RuntimeException e) {
            Log.warnf("cannot read %s from %s, the trajectory's true losses are not evaluated: "
                    + "%s", evalSet, location.get(), e.getMessage());
            return new PathEvaluator(null, null);
        }

        NDManager data = model.getNDManager().newSubManager();
        try {
            NDArray x = ImageTensors.images(images, Datasets.normalization(evalSet.dataset()),
                    data);
            NDArray y = ImageTensors.labels(images, data);
            return new PathEvaluator(data, new Evaluator(model.getBlock(), x, y));
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** Loss and accuracy of the model's current weights; NaN, NaN without images. */
    LossAccuracy evaluate() {
        return evaluator == null ? UNKNOWN : evaluator.evaluate();
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }
}
