package org.losscape.evaluation;

import org.losscape.grid.GridPoint;
import org.losscape.messages.PointValue;
import org.losscape.weights.PlaneWriter;

/**
 * Evaluates grid points of a loss surface: moves the weights to θ + α·dx + β·dy with a
 * {@link PlaneWriter} and evaluates them with an {@link Evaluator} on the same block. The
 * writer and evaluator stay owned by the caller. NaN and ∞ losses come back as values.
 */
public final class SurfaceEvaluator {

    private final PlaneWriter writer;
    private final Evaluator evaluator;

    public SurfaceEvaluator(PlaneWriter writer, Evaluator evaluator) {
        this.writer = writer;
        this.evaluator = evaluator;
    }

    /** Loss and accuracy at {@code point}; the weights stay there until the next call. */
    public PointValue evaluate(GridPoint point) {
        writer.moveTo(point.alpha(), point.beta());
        LossAccuracy value = evaluator.evaluate();
        return new PointValue(point.index(), point.i(), point.j(), point.alpha(), point.beta(),
                value.loss(), value.accuracy());
    }
}
