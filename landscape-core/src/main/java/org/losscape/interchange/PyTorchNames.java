package org.losscape.interchange;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;

/**
 * The correspondence between the DJL parameter names of a CIFAR ResNet and the state-dict keys
 * of the same architecture in PyTorch (the reference code's {@code cifar10/models/resnet.py}):
 * {@code 01conv1_weight} ↔ {@code conv1.weight}, {@code 02bn1_runningMean} ↔
 * {@code bn1.running_mean}, {@code 05layer2_01block0_02shortcut_01conv_weight} ↔
 * {@code layer2.0.shortcut.0.weight}, {@code 08linear_bias} ↔ {@code linear.bias}.
 *
 * <p>The DJL names are those of {@link ModelSpec#newBlock} in parameter order, each renamed by
 * {@link Models#pyTorchName}. PyTorch has one key more per batch norm,
 * {@code <bn>.num_batches_tracked} (an int64 scalar counting training batches); it has no DJL
 * counterpart and is listed separately as a batch counter.
 */
public final class PyTorchNames {

    private static final String COUNTER = "num_batches_tracked";
    private static final String RUNNING_VAR = "running_var";

    private final ModelSpec spec;
    private final List<String> djlNames;
    private final Map<String, String> toPyTorch;
    private final Map<String, String> toDjl;
    private final List<String> stateDictKeys;
    private final List<String> batchCounters;
    private final Set<String> counterSet;

    private PyTorchNames(ModelSpec spec, List<String> djlNames) {
        this.spec = spec;
        this.djlNames = Collections.unmodifiableList(djlNames);
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new HashMap<>();
        List<String> keys = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        for (String djl : djlNames) {
            String pyTorch = Models.pyTorchName(djl);
            forward.put(djl, pyTorch);
            backward.put(pyTorch, djl);
            keys.add(pyTorch);
            // PyTorch lists the counter right after running_var in a batch norm's state.
            if (pyTorch.endsWith("." + RUNNING_VAR)) {
                String counter = pyTorch.substring(0, pyTorch.length() - RUNNING_VAR.length())
                        + COUNTER;
                keys.add(counter);
                counters.add(counter);
            }
        }
        this.toPyTorch = Collections.unmodifiableMap(forward);
        this.toDjl = Collections.unmodifiableMap(backward);
        this.stateDictKeys = Collections.unmodifiableList(keys);
        this.batchCounters = Collections.unmodifiableList(counters);
        this.counterSet = Set.copyOf(counters);
    }

    /** The names of the model {@code spec}; needs no engine (the block is not initialized). */
    public static PyTorchNames of(ModelSpec spec) {
        Block block = spec.newBlock(/* channels= */ 3);
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            names.add(entry.getKey());
        }
        return new PyTorchNames(spec, names);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** DJL parameter names in {@code Block.getParameters()} order. */
    public List<String> djlNames() {
        return djlNames;
    }

    /** Every key of the PyTorch state dict in its order, batch counters included. */
    public List<String> stateDictKeys() {
        return stateDictKeys;
    }

    /** The {@code num_batches_tracked} keys, one per batch norm, in state-dict order. */
    public List<String> batchCounters() {
        return batchCounters;
    }

    /** The PyTorch key of a DJL parameter of this model. */
    public String pyTorchName(String djlName) {
        String name = toPyTorch.get(djlName);
        if (name == null) {
            throw new IllegalArgumentException("parameter (" + djlName + ") is not a parameter of "
                    + spec.name() + "; its names look like " + djlNames.get(0));
        }
        return name;
    }

    /** The DJL parameter name of a PyTorch key; batch counters have none. */
    public String djlName(String pyTorchName) {
        String name = toDjl.get(pyTorchName);
        if (name == null) {
            throw new IllegalArgumentException("tensor (" + pyTorchName + ") is not a parameter of "
                    + spec.name() + "; its names look like " + toPyTorch.get(djlNames.get(0)));
        }
        return name;
    }

    /** Whether {@code pyTorchName} is a parameter (not a batch counter) of this model. */
    public boolean isParameter(String pyTorchName) {
        return toDjl.containsKey(pyTorchName);
    }

    /** Whether {@code pyTorchName} is one of this model's {@code num_batches_tracked} keys. */
    public boolean isBatchCounter(String pyTorchName) {
        return counterSet.contains(pyTorchName);
    }
}
