package org.losscape.interchange;

import ai.djl.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losscape.interchange.SafetensorsCodec.Contents;
import org.losscape.interchange.SafetensorsCodec.RawTensor;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/**
 * Checkpoints and directions as safetensors files under PyTorch's state-dict names, so that a
 * CIFAR ResNet trained in PyTorch (the reference code's {@code cifar10/models/resnet.py}) can be
 * examined here and a Losscape model or surface direction can be loaded there with
 * {@code safetensors.torch.load_file} and {@code model.load_state_dict}.
 *
 * <h2>Notes</h2>
 *
 * <p><b>Names.</b> {@link PyTorchNames#of(ModelSpec)} maps each DJL parameter to its PyTorch
 * key. Every tensor is F32 in PyTorch's layout (conv weights filters×in×kh×kw, linear weights
 * out×in), which is also DJL's, so values are copied without reordering. The
 * {@code num_batches_tracked} counters PyTorch keeps per batch norm are written as int64 scalars
 * holding 0 (Losscape does not count batches, and PyTorch only reads the counter when a batch
 * norm's momentum is None) and are ignored on import. A direction is exported like a
 * checkpoint: same names, running statistics as stored in it (zero for directions that leave
 * them alone).
 *
 * <p><b>Format.</b> DJL 0.36 can encode an {@code NDList} as safetensors, but it needs native
 * arrays for what are host arrays here, writes header keys in hash order without padding and
 * cannot write {@code __metadata__}; its reader reports a bad file without naming the tensor.
 * The format is small, so it is implemented here with Jackson for the header
 * ({@link SafetensorsCodec}); DJL's reader serves as an independent check in the tests.
 * Metadata: {@code format = pt} (the key the Hugging Face tools use to mark PyTorch tensors),
 * {@code model} = the model name, and whatever the caller adds.
 *
 * <p><b>Import checks.</b> A file must hold every parameter of the model, with dtype F32 and the
 * model's shape, and nothing else apart from the batch counters and {@code __metadata__};
 * anything else is an {@link IllegalArgumentException} naming the tensor. NaN and ∞ values are
 * imported as they are. A round trip is bit-exact.
 */
public final class Safetensors {

    /** Metadata key holding the model name, e.g. {@code resnet20}. */
    public static final String MODEL_KEY = "model";

    private Safetensors() {}

    /**
     * The safetensors bytes of a checkpoint or direction of the model {@code spec}.
     *
     * @param tensors every parameter of the model in {@code Block.getParameters()} order
     *     (a {@link ParameterTensors#of(ai.djl.nn.Block)} snapshot or a direction built from one)
     * @param metadata extra {@code __metadata__} entries; {@code format} and {@code model} are
     *     always set by this method
     * @throws IllegalArgumentException naming the parameter if {@code tensors} is not laid out
     *     like {@code spec}
     */
    public static byte[] export(
            ParameterTensors tensors, ModelSpec spec, Map<String, String> metadata) {
        PyTorchNames names = PyTorchNames.of(spec);
        requireLayout(tensors, names);

        Map<String, RawTensor> raw = new LinkedHashMap<>();
        for (String key : names.stateDictKeys()) {
            if (names.isBatchCounter(key)) {
                raw.put(key, RawTensor.ofLongs(/* shape= */ new long[0], new long[] {0}));
            } else {
                ParameterTensor tensor = tensors.get(names.djlName(key));
                raw.put(key, RawTensor.ofFloats(tensor.shape(), tensor.values()));
            }
        }

        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", "pt");
        meta.put(MODEL_KEY, spec.name());
        return SafetensorsCodec.write(raw, meta);
    }

    /** {@link #export(ParameterTensors, ModelSpec, Map)} without extra metadata. */
    public static byte[] export(ParameterTensors tensors, ModelSpec spec) {
        return export(tensors, spec, Map.of());
    }

    /**
     * Reads a safetensors file with PyTorch names into the layout of a model.
     *
     * @param layout any snapshot of the model the file belongs to (names, kinds and shapes are
     *     taken from it, values are not); must be laid out like {@code spec}
     * @return the file's values under DJL names, in {@code layout}'s order
     * @throws IllegalArgumentException naming the tensor if one is missing, unexpected, not F32
     *     or of another shape, or if the file is not safetensors
     */
    public static ParameterTensors read(byte[] bytes, ParameterTensors layout, ModelSpec spec) {
        PyTorchNames names = PyTorchNames.of(spec);
        requireLayout(layout, names);
        Contents contents = SafetensorsCodec.read(bytes);

        for (String key : contents.tensors().keySet()) {
            if (!names.isParameter(key) && !names.isBatchCounter(key)) {
                throw new IllegalArgumentException("safetensors tensor " + key
                        + ": not a tensor of " + spec.name() + " (its keys are "
                        + names.stateDictKeys().get(0) + ", …, "
                        + names.stateDictKeys().get(names.stateDictKeys().size() - 1) + ")");
            }
        }

        List<ParameterTensor> tensors = new ArrayList<>(layout.size());
        for (ParameterTensor expected : layout) {
            String key = names.pyTorchName(expected.name());
            RawTensor raw = contents.tensors().get(key);
            if (raw == null) {
                throw new IllegalArgumentException("safetensors tensor " + key + ": missing; "
                        + spec.name() + " needs all " + layout.size() + " parameter tensors");
            }
            if (!raw.dtype().equals("F32")) {
                throw new IllegalArgumentException("safetensors tensor " + key + ": dtype ("
                        + raw.dtype() + ") must be F32");
            }
            if (!Arrays.equals(raw.shape(), expected.shape())) {
                throw new IllegalArgumentException("safetensors tensor " + key + ": shape "
                        + Arrays.toString(raw.shape()) + " must be "
                        + Arrays.toString(expected.shape()) + " for " + spec.name());
            }
            tensors.add(expected.withValues(raw.floats()));
        }
        return ParameterTensors.of(tensors);
    }

    /**
     * {@link #read(byte[], ParameterTensors, ModelSpec)} with the layout of a freshly built
     * model for images of {@code channels} channels (3 for CIFAR-10, 1 for Fashion-MNIST).
     * Starts the DJL engine.
     */
    public static ParameterTensors read(byte[] bytes, ModelSpec spec, int channels) {
        try (Model model = Models.newModel(spec, channels, 32, 32, /* seed= */ 0)) {
            return read(bytes, ParameterTensors.of(model.getBlock()), spec);
        }
    }

    /** The {@code __metadata__} of a safetensors file (empty when it has none). */
    public static Map<String, String> metadata(byte[] bytes) {
        return SafetensorsCodec.read(bytes).metadata();
    }

    private static void requireLayout(ParameterTensors tensors, PyTorchNames names) {
        List<String> expected = names.djlNames();
        if (tensors.size() != expected.size()) {
            throw new IllegalArgumentException("parameters: " + names.spec().name() + " has "
                    + expected.size() + " parameter tensors, got " + tensors.size());
        }
        for (int k = 0; k < expected.size(); k++) {
            if (!tensors.get(k).name().equals(expected.get(k))) {
                throw new IllegalArgumentException("parameters[" + k + "]: "
                        + names.spec().name() + " has " + expected.get(k) + " here, got "
                        + tensors.get(k).name());
            }
        }
    }
}
