package org.losscape.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a block's weights over the plane θ + α·dx + β·dy, writing each point's values in
 * place into the block's own parameter arrays. Created once per surface (it writes θ into the
 * block first): θ, dx and dy stay resident on the engine in a manager of their own, so a move
 * costs a few element-wise operations per parameter and no host transfer.
 *
 * <p>Only parameters whose dx or dy has a non-zero value are written; the others (batch-norm
 * running statistics, and with the usual directions biases and γ/β) stay at θ. Every move
 * computes θ + (α·dx + β·dy) from the resident θ, so there is no drift, and {@code (0, 0)}
 * writes θ itself bit for bit. Temporaries live in a sub-manager per parameter and move,
 * so memory stays flat over any number of moves.
 *
 * <p>The writer of an interpolation ({@link #interpolation}) also holds the second solution
 * and writes it bit for bit at α = 1: in float32, θ_A + 1·(θ_B − θ_A) can differ from θ_B in
 * the last bit of a value, and the two solutions of an interpolation must be evaluated as
 * they are.
 *
 * <p>While the writer is open the block's parameters do not record gradients (writing in
 * place into an array that does would fail on any thread where autograd is on); {@link
 * #close()} restores θ and the previous setting. Not thread-safe: one writer per block, used
 * by one thread at a time.
 */
public final class PlaneWriter implements AutoCloseable {

    private final NDManager resident;
    private final List<NDArray> targets = new ArrayList<>();
    private final List<Boolean> targetsRecordedGradients = new ArrayList<>();
    private final List<NDArray> origins = new ArrayList<>();
    private final List<NDArray> xDirections = new ArrayList<>();
    private final List<NDArray> yDirections = new ArrayList<>();
    private final List<Boolean> moves = new ArrayList<>();
    /** The values written at α = 1 of an interpolation; null for a plain plane or line. */
    private final List<NDArray> ends;
    private boolean closed;

    /**
     * @param block an initialized block whose parameters have the names and shapes of
     *     {@code origin}
     * @param manager parent of the manager that holds the resident tensors (the model's
     *     manager is a good choice: same device)
     * @param origin θ, the centre of the plane
     * @param dx direction 1 (α axis), same layout as {@code origin}
     * @param dy direction 2 (β axis), same layout, or null for a line
     */
    public PlaneWriter(Block block, NDManager manager, ParameterTensors origin,
            ParameterTensors dx, ParameterTensors dy) {
        this(block, manager, origin, dx, dy, null);
    }

    /**
     * The line from {@code origin} (α = 0) through {@code end} (α = 1): writes θ + α·dx, except
     * that α = 1 writes {@code end} itself and α = 0 {@code origin} itself, bit for bit. β is
     * ignored. A parameter moves when dx is non-zero or {@code end} differs from
     * {@code origin} anywhere in it.
     *
     * @param dx {@code end − origin} as stored with the surface (see
     *     {@code Directions.between}), same layout as {@code origin}
     * @param end the second solution, same layout as {@code origin}
     */
    public static PlaneWriter interpolation(Block block, NDManager manager,
            ParameterTensors origin, ParameterTensors dx, ParameterTensors end) {
        origin.requireSameLayout(end, "end");
        return new PlaneWriter(block, manager, origin, dx, null, end);
    }

    private PlaneWriter(Block block, NDManager manager, ParameterTensors origin,
            ParameterTensors dx, ParameterTensors dy, ParameterTensors end) {
        PairList<String, Parameter> parameters = block.getParameters();
        origin.requireSameLayout(parameters);
        origin.requireSameLayout(dx, "direction x");
        if (dy != null) {
            origin.requireSameLayout(dy, "direction y");
        }

        origin.restoreInto(block);
        resident = manager.newSubManager();
        ends = end == null ? null : new ArrayList<>();
        for (int k = 0; k < origin.size(); k++) {
            NDArray target = parameters.get(k).getValue().getArray();
            Shape shape = target.getShape();
            targets.add(target);
            targetsRecordedGradients.add(target.hasGradient());
            target.setRequiresGradient(false);
            origins.add(resident.create(origin.get(k).valuesView(), shape));
            boolean moving = isNonZero(dx.get(k)) || (dy != null && isNonZero(dy.get(k)))
                    || (end != null && !end.get(k).sameValues(origin.get(k)));
            moves.add(moving);
            if (ends != null) {
                ends.add(moving ? resident.create(end.get(k).valuesView(), shape) : null);
            }
            xDirections.add(moving ? resident.create(dx.get(k).valuesView(), shape) : null);
            yDirections.add(moving && dy != null
                    ? resident.create(dy.get(k).valuesView(), shape) : null);
        }
    }

    /**
     * Writes θ + α·dx + β·dy into the block. β is ignored when there is no dy. Non-finite
     * results (from huge α or β) are written as they are. An interpolation writer writes its
     * end at α = 1.
     */
    public void moveTo(double alpha, double beta) {
        if (closed) {
            throw new IllegalStateException("plane writer is closed");
        }
        if (ends != null) {
            beta = 0;
            if (alpha == 1) {
                writeEnd();
                return;
            }
        }
        if (alpha == 0 && beta == 0) {
            writeOrigin();
            return;
        }

        for (int k = 0; k < targets.size(); k++) {
            if (!moves.get(k)) {
                continue;
            }
            try (NDManager step = resident.newSubManager()) {
                NDArray value = xDirections.get(k).mul((float) alpha);
                value.attach(step);
                if (yDirections.get(k) != null) {
                    NDArray y = yDirections.get(k).mul((float) beta);
                    y.attach(step);
                    value.addi(y);
                }
                value.addi(origins.get(k));
                write(k, value);
            }
        }
    }

    /** Restores θ into the block, frees the resident tensors and restores gradient recording. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        writeOrigin();
        for (int k = 0; k < targets.size(); k++) {
            targets.get(k).setRequiresGradient(targetsRecordedGradients.get(k));
        }
        resident.close();
        closed = true;
    }

    private void writeOrigin() {
        for (int k = 0; k < targets.size(); k++) {
            if (moves.get(k)) {
                write(k, origins.get(k));
            }
        }
    }

    private void writeEnd() {
        for (int k = 0; k < targets.size(); k++) {
            if (moves.get(k)) {
                write(k, ends.get(k));
            }
        }
    }

    private void write(int k, NDArray value) {
        targets.get(k).set(new NDIndex(":"), value);
    }

    private static boolean isNonZero(ParameterTensor direction) {
        for (float v : direction.valuesView()) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }
}
