package org.losscape.weights;

import ai.djl.nn.Parameter;

/**
 * What a parameter array is in its layer. Batch-norm running statistics are parameters in DJL
 * (they are saved and restored with the weights) but are not trained by gradient descent.
 */
public enum ParameterKind {
    WEIGHT("weight"),
    BIAS("bias"),
    GAMMA("gamma"),
    BETA("beta"),
    RUNNING_MEAN("runningMean"),
    RUNNING_VAR("runningVar");

    private final String djlSuffix;

    ParameterKind(String djlSuffix) {
        this.djlSuffix = djlSuffix;
    }

    /** True for the batch-norm running mean and variance. */
    public boolean isRunningStatistic() {
        return this == RUNNING_MEAN || this == RUNNING_VAR;
    }

    static ParameterKind of(String name, Parameter.Type type) {
        switch (type) {
            case WEIGHT:
                return WEIGHT;
            case BIAS:
                return BIAS;
            case GAMMA:
                return GAMMA;
            case BETA:
                return BETA;
            case RUNNING_MEAN:
                return RUNNING_MEAN;
            case RUNNING_VAR:
                return RUNNING_VAR;
            default:
                throw new IllegalArgumentException("parameter " + name + " has type " + type
                        + "; supported: WEIGHT, BIAS, GAMMA, BETA, RUNNING_MEAN, RUNNING_VAR");
        }
    }

    /** The kind named by the last {@code _}-separated part of a DJL parameter name. */
    static ParameterKind ofName(String name) {
        String suffix = name.substring(name.lastIndexOf('_') + 1);
        for (ParameterKind kind : values()) {
            if (kind.djlSuffix.equals(suffix)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("parameter name (" + name
                + ") must end in weight, bias, gamma, beta, runningMean or runningVar");
    }
}
