package org.losscape.weights;

import java.util.Arrays;

/**
 * One named parameter array held on the host: an immutable float32 copy in row-major order.
 * Conv weights are filters×in×kh×kw, linear weights out×in, everything else a vector.
 */
public final class ParameterTensor {

    private final String name;
    private final ParameterKind kind;
    private final long[] shape;
    private final float[] values;

    private ParameterTensor(String name, ParameterKind kind, long[] shape, float[] values) {
        this.name = name;
        this.kind = kind;
        this.shape = shape;
        this.values = values;
    }

    /** A tensor holding a copy of {@code values}; their count must match {@code shape}. */
    public static ParameterTensor of(
            String name, ParameterKind kind, long[] shape, float[] values) {
        long size = 1;
        for (long dimension : shape) {
            size *= dimension;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("parameter " + name + " values (" + values.length
                    + ") must match shape " + Arrays.toString(shape) + " (" + size + ")");
        }
        return new ParameterTensor(name, kind, shape.clone(), values.clone());
    }

    /** Takes ownership of {@code values} without a copy; for this package's own results. */
    static ParameterTensor wrap(String name, ParameterKind kind, long[] shape, float[] values) {
        return new ParameterTensor(name, kind, shape, values);
    }

    public String name() {
        return name;
    }

    public ParameterKind kind() {
        return kind;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of values, the product of the shape. */
    public int size() {
        return values.length;
    }

    public float value(int k) {
        return values[k];
    }

    /** A copy of the values, row-major. */
    public float[] values() {
        return values.clone();
    }

    /** A tensor with the same name, kind and shape and other values (copied). */
    public ParameterTensor withValues(float[] newValues) {
        return of(name, kind, shape, newValues);
    }

    /** Whether {@code other} has the same name, kind and shape. */
    public boolean sameLayout(ParameterTensor other) {
        return name.equals(other.name) && kind == other.kind && Arrays.equals(shape, other.shape);
    }

    /** Whether {@code other} holds the same values bit for bit (NaN equals NaN, 0 ≠ −0). */
    boolean sameValues(ParameterTensor other) {
        return Arrays.equals(values, other.values);
    }

    float[] valuesView() {
        return values;
    }

    long[] shapeView() {
        return shape;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + kind;
    }
}
