package org.losscape.weights;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checkpoint bytes of a model: exactly what DJL's {@link Block#saveParameters} writes (block
 * versions, input shapes, then each parameter by name), without the file header of
 * {@link Model#save}. ResNet-20 gives about 1.1 MB.
 */
public final class Checkpoints {

    private Checkpoints() {}

    /** The parameters of the model's block, running statistics included. */
    public static byte[] save(Model model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing parameters to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces the parameters of the model's block with those in {@code bytes}. The block must
     * be the same architecture as the one saved; IllegalArgumentException otherwise or if the
     * bytes are truncated or trail extra data. The previous arrays are closed.
     */
    public static void load(Model model, byte[] bytes) {
        Block block = model.getBlock();
        List<NDArray> previous = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            if (entry.getValue().isInitialized()) {
                previous.add(entry.getValue().getArray());
            }
        }

        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            block.loadParameters(model.getNDManager(), in);
            if (in.available() > 0) {
                throw new IllegalArgumentException("checkpoint (" + bytes.length + " bytes) has "
                        + in.available() + " bytes left over; it was saved from another model");
            }
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException("checkpoint (" + bytes.length
                    + " bytes) does not fit model " + model.getName() + ": " + e.getMessage(), e);
        }

        previous.forEach(NDArray::close);
    }
}
