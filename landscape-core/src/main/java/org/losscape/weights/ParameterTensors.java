package org.losscape.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An ordered, immutable host copy of all parameter arrays of a block, in the order of
 * {@link Block#getParameters()}, batch-norm running statistics included. It serves as θ (a
 * snapshot of a model) and as a direction d (same names and shapes, other values).
 *
 * <p>Values are float32 as in the model; NaN and ∞ are kept as they are. The byte form
 * ({@link #toBytes()}) is DJL's {@link NDList#encode()} with each array named after its
 * parameter, so it can be read back with {@link NDList#decode} by any DJL program.
 */
public final class ParameterTensors implements Iterable<ParameterTensor> {

    private final List<ParameterTensor> tensors;

    private ParameterTensors(List<ParameterTensor> tensors) {
        this.tensors = Collections.unmodifiableList(tensors);
    }

    /** Tensors in the given order; names must be distinct. */
    public static ParameterTensors of(List<ParameterTensor> tensors) {
        List<ParameterTensor> copy = new ArrayList<>(tensors);
        long distinct = copy.stream().map(ParameterTensor::name).distinct().count();
        if (distinct != copy.size()) {
            throw new IllegalArgumentException("parameter names must be distinct");
        }
        return new ParameterTensors(copy);
    }

    /** A snapshot of the current values of every parameter of an initialized block. */
    public static ParameterTensors of(Block block) {
        List<ParameterTensor> tensors = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            String name = entry.getKey();
            NDArray array = entry.getValue().getArray();
            ParameterKind kind = ParameterKind.of(name, entry.getValue().getType());
            tensors.add(ParameterTensor.wrap(name, kind, array.getShape().getShape(),
                    array.toType(DataType.FLOAT32, false).toFloatArray()));
        }
        return new ParameterTensors(tensors);
    }

    /** Reads what {@link #toBytes()} wrote; kinds come from the parameter names. */
    public static ParameterTensors fromBytes(byte[] bytes) {
        List<ParameterTensor> tensors = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list;
            try {
                list = NDList.decode(manager, bytes);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "parameter bytes (" + bytes.length + " bytes) are not a DJL NDList", e);
            }
            for (NDArray array : list) {
                String name = array.getName();
                if (name == null || name.isEmpty()) {
                    throw new IllegalArgumentException("parameter bytes hold an unnamed array "
                            + array.getShape() + "; every array must carry its parameter name");
                }
                tensors.add(ParameterTensor.wrap(name, ParameterKind.ofName(name),
                        array.getShape().getShape(),
                        array.toType(DataType.FLOAT32, false).toFloatArray()));
            }
        }
        return of(tensors);
    }

    /** DJL NDList encoding, each array named after its parameter. */
    public byte[] toBytes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = new NDList(tensors.size());
            for (ParameterTensor tensor : tensors) {
                NDArray array = manager.create(tensor.valuesView(), new Shape(tensor.shapeView()));
                array.setName(tensor.name());
                list.add(array);
            }
            return list.encode();
        }
    }

    /**
     * Writes these values into the block's parameters, bit for bit. The block must have the
     * same parameter names and shapes in the same order.
     */
    public void restoreInto(Block block) {
        PairList<String, Parameter> parameters = block.getParameters();
        requireSameLayout(parameters);
        for (int k = 0; k < tensors.size(); k++) {
            parameters.get(k).getValue().getArray().set(tensors.get(k).valuesView());
        }
    }

    /** Throws unless the block has exactly these parameter names and shapes, in this order. */
    public void requireSameLayout(PairList<String, Parameter> parameters) {
        if (parameters.size() != tensors.size()) {
            throw new IllegalArgumentException("block has " + parameters.size()
                    + " parameters, these tensors " + tensors.size() + "; models differ");
        }
        for (int k = 0; k < tensors.size(); k++) {
            ParameterTensor tensor = tensors.get(k);
            String name = parameters.get(k).getKey();
            Shape shape = parameters.get(k).getValue().getArray().getShape();
            if (!name.equals(tensor.name()) || !shape.equals(new Shape(tensor.shapeView()))) {
                throw new IllegalArgumentException("parameter " + k + " is " + name + shape
                        + " in the block but " + tensor + " here; models differ");
            }
        }
    }

    /** Throws unless {@code other} has the same names, kinds and shapes in the same order. */
    public void requireSameLayout(ParameterTensors other, String otherRole) {
        if (other.size() != size()) {
            throw new IllegalArgumentException(otherRole + " has " + other.size()
                    + " parameters, expected " + size());
        }
        for (int k = 0; k < size(); k++) {
            if (!get(k).sameLayout(other.get(k))) {
                throw new IllegalArgumentException(otherRole + " parameter " + k + " is "
                        + other.get(k) + ", expected " + get(k));
            }
        }
    }

    /** Number of parameter arrays. */
    public int size() {
        return tensors.size();
    }

    public ParameterTensor get(int k) {
        return tensors.get(k);
    }

    /** The tensor of that name; IllegalArgumentException if there is none. */
    public ParameterTensor get(String name) {
        for (ParameterTensor tensor : tensors) {
            if (tensor.name().equals(name)) {
                return tensor;
            }
        }
        throw new IllegalArgumentException("parameter (" + name + ") does not exist");
    }

    public List<ParameterTensor> tensors() {
        return tensors;
    }

    /** Total number of values over all arrays, running statistics included. */
    public long valueCount() {
        return tensors.stream().mapToLong(ParameterTensor::size).sum();
    }

    /** Number of values of gradient-trained arrays (running statistics excluded). */
    public long trainableCount() {
        return tensors.stream()
                .filter(t -> !t.kind().isRunningStatistic())
                .mapToLong(ParameterTensor::size)
                .sum();
    }

    @Override
    public Iterator<ParameterTensor> iterator() {
        return tensors.iterator();
    }
}
