package org.losscape.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Creates initialized CIFAR ResNets (see {@link CifarResNet} for the layout).
 *
 * <p>Initial weights are drawn on the host from a {@link Random} seeded with the given seed, in
 * parameter order, so the same seed gives bit-identical weights on any engine and thread:
 * <ul>
 *   <li>conv weights: Kaiming normal, mean 0, std √(2 / fan_out), fan_out = filters · kh · kw
 *       (PyTorch's {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")});
 *   <li>linear weight and bias: uniform in ±1/√fan_in (PyTorch's {@code nn.Linear} default);
 *   <li>batch norm: γ = 1, β = 0, running mean 0, running variance 1.
 * </ul>
 */
public final class Models {

    private Models() {}

    /**
     * A new model named {@code spec.name()} whose block is initialized for input
     * N×{@code channels}×{@code height}×{@code width}. The caller closes the model.
     */
    public static Model newModel(ModelSpec spec, int channels, int height, int width, long seed) {
        requireAtLeast("channels", channels, 1);
        requireAtLeast("height", height, 8);
        requireAtLeast("width", width, 8);

        Block block = spec.newBlock(channels);
        // Real values are written below; zeros avoid drawing from the engine's global RNG.
        block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        Model model = Model.newInstance(spec.name());
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, channels, height, width));
            initialize(block, seed);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Writes seeded initial values into every parameter of an initialized block, in place. */
    public static void initialize(Block block, long seed) {
        Random random = new Random(seed);
        long lastFanIn = 1;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter parameter = entry.getValue();
            NDArray array = parameter.getArray();
            Shape shape = array.getShape();
            float[] values = new float[Math.toIntExact(shape.size())];
            switch (parameter.getType()) {
                case WEIGHT:
                    lastFanIn = shape.size() / shape.get(0);
                    if (shape.dimension() == 4) {
                        double fanOut = (double) shape.get(0) * shape.get(2) * shape.get(3);
                        fillNormal(values, random, Math.sqrt(2.0 / fanOut));
                    } else {
                        fillUniform(values, random, 1.0 / Math.sqrt(lastFanIn));
                    }
                    break;
                case BIAS:
                    fillUniform(values, random, 1.0 / Math.sqrt(lastFanIn));
                    break;
                case GAMMA:
                case RUNNING_VAR:
                    Arrays.fill(values, 1f);
                    break;
                default:
                    break;
            }
            array.set(values);
        }
    }

    /**
     * The PyTorch state-dict key of the reference model for a DJL parameter name of a
     * {@link CifarResNet}, e.g. {@code 05layer2_01block0_02shortcut_02bn_runningMean} →
     * {@code layer2.0.shortcut.1.running_mean}.
     */
    public static String pyTorchName(String djlName) {
        String[] parts = djlName.split("_");
        List<String> path = new ArrayList<>();
        boolean inShortcut = false;
        for (int k = 0; k < parts.length - 1; k++) {
            String name = parts[k].replaceFirst("^[0-9]{2,}", "");
            if (name.equals("residual")) {
                continue;
            }
            if (name.startsWith("block")) {
                name = name.substring("block".length());
            } else if (inShortcut && name.equals("conv")) {
                name = "0";
            } else if (inShortcut && name.equals("bn")) {
                name = "1";
            }
            inShortcut = name.equals("shortcut");
            path.add(name);
        }
        path.add(pyTorchParameter(parts[parts.length - 1]));
        return String.join(".", path);
    }

    private static String pyTorchParameter(String djl) {
        switch (djl) {
            case "gamma":
                return "weight";
            case "beta":
                return "bias";
            case "runningMean":
                return "running_mean";
            case "runningVar":
                return "running_var";
            default:
                return djl;
        }
    }

    private static void fillNormal(float[] values, Random random, double std) {
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (random.nextGaussian() * std);
        }
    }

    private static void fillUniform(float[] values, Random random, double bound) {
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }

    private static void requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(
                    field + " (" + value + ") must be >= " + min);
        }
    }
}
