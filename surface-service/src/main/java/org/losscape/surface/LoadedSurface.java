package org.losscape.surface;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import org.losscape.evaluation.SurfaceEvaluator;
import org.losscape.grid.Grid;
import org.losscape.messages.PointValue;
import org.losscape.messages.SurfacePlanned;
import org.losscape.weights.PlaneWriter;

/**
 * Everything a worker holds resident to evaluate points of one surface: the model with the
 * checkpoint loaded, both directions and the evaluation images as native arrays, and the
 * grid. Evaluating a point writes θ + α·d1 + β·d2 into the model's parameters in place, so
 * one instance must be used by one thread at a time.
 *
 * <p>Closing frees the native memory of the tensors and the model.
 */
final class LoadedSurface implements AutoCloseable {

    private final SurfacePlanned plan;
    private final Grid grid;
    private final Model model;
    private final NDManager tensors;
    private final PlaneWriter writer;
    private final SurfaceEvaluator evaluator;

    LoadedSurface(SurfacePlanned plan, Grid grid, Model model, NDManager tensors,
            PlaneWriter writer, SurfaceEvaluator evaluator) {
        this.plan = plan;
        this.grid = grid;
        this.model = model;
        this.tensors = tensors;
        this.writer = writer;
        this.evaluator = evaluator;
    }

    SurfacePlanned plan() {
        return plan;
    }

    int pointCount() {
        return grid.size();
    }

    /** Loss and accuracy at grid point {@code index}; NaN and ∞ losses are returned as is. */
    PointValue evaluate(int index) {
        return evaluator.evaluate(grid.point(index));
    }

    @Override
    public void close() {
        writer.close();
        tensors.close();
        model.close();
    }
}
