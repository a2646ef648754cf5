package org.losscape.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, with the
 * update rule of PyTorch's {@code torch.optim.SGD} (dampening 0):
 *
 * <pre>
 *   g = ∇θ + weightDecay · θ
 *   b = g                       on the first step, then  b = momentum · b + g
 *   d = g + momentum · b        with Nesterov, else      d = b
 *   θ = θ − learningRate · d
 * </pre>
 *
 * <p>DJL's {@code Sgd} keeps MXNet's rule instead (the rate folded into the momentum buffer,
 * which differs after a rate change) and has no Nesterov variant, hence this class. It updates
 * the parameter arrays in place and then zeroes their gradients, because PyTorch accumulates
 * gradients across backward passes. NaN and ∞ flow through: a diverged run keeps stepping.
 * Call {@link #step} outside a gradient collector; it turns autograd recording off for the
 * update on any thread.
 */
final class MomentumSgd implements AutoCloseable {

    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray> buffers = new HashMap<>();

    /** Momentum buffers live in a sub-manager of {@code manager} until {@link #close}. */
    MomentumSgd(double momentum, boolean nesterov, double weightDecay, NDManager manager) {
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
        this.weightDecay = (float) weightDecay;
        this.stateManager = manager.newSubManager();
    }

    /**
     * Applies one update to every parameter, in place.
     *
     * @param parameters pairs of a stable id and the live parameter array; each must hold the
     *     gradient of the last backward pass
     * @param scratch manager for the intermediate arrays; close it after the step
     */
    void step(List<Map.Entry<String, NDArray>> parameters, double learningRate,
            NDManager scratch) {
        try (NoGrad noGrad = new NoGrad()) {
            for (Map.Entry<String, NDArray> parameter : parameters) {
                update(parameter.getKey(), parameter.getValue(), (float) learningRate, scratch);
            }
        }
    }

    private void update(String id, NDArray weight, float learningRate, NDManager scratch) {
        NDArray gradient = weight.getGradient();
        gradient.attach(scratch);
        NDArray direction = gradient;
        if (weightDecay != 0) {
            direction = scratch(weight.mul(weightDecay), scratch).addi(gradient);
        }
        if (momentum != 0) {
            NDArray buffer = buffers.get(id);
            if (buffer == null) {
                buffer = direction.duplicate();
                buffer.attach(stateManager);
                buffers.put(id, buffer);
            } else {
                buffer.muli(momentum).addi(direction);
            }
            direction = nesterov
                    ? scratch(buffer.mul(momentum), scratch).addi(direction)
                    : buffer;
        }
        weight.subi(scratch(direction.mul(learningRate), scratch));
        JniUtils.zeroGrad((PtNDArray) weight);
    }

    /** Arrays computed from a parameter belong to the parameter's manager: move them out. */
    private static NDArray scratch(NDArray array, NDManager scratch) {
        array.attach(scratch);
        return array;
    }

    @Override
    public void close() {
        buffers.clear();
        stateManager.close();
    }
}
