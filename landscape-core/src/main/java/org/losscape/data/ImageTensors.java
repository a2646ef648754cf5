package org.losscape.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.IntStream;

/**
 * Converts {@link ImageSet}s to DJL arrays: images as normalized float32 N×C×H×W, labels as
 * int64 N (the index type that DJL's cross-entropy picks with on PyTorch).
 *
 * <p>The arrays belong to the given manager; close it (or a sub-manager) to free them.
 */
public final class ImageTensors {

    private ImageTensors() {}

    /** All images of {@code set}, normalized: float32 N×C×H×W. */
    public static NDArray images(ImageSet set, Normalization normalization, NDManager manager) {
        return images(set, IntStream.range(0, set.size()).toArray(), normalization, manager);
    }

    /** The images at {@code indices}, in that order, normalized: float32 B×C×H×W. */
    public static NDArray images(
            ImageSet set, int[] indices, Normalization normalization, NDManager manager) {
        float[] values = normalize(set, indices, normalization);
        return manager.create(values,
                new Shape(indices.length, set.channels(), set.height(), set.width()));
    }

    /** All labels of {@code set}: int64 N. */
    public static NDArray labels(ImageSet set, NDManager manager) {
        return labels(set, IntStream.range(0, set.size()).toArray(), manager);
    }

    /** The labels at {@code indices}, in that order: int64 B. */
    public static NDArray labels(ImageSet set, int[] indices, NDManager manager) {
        long[] values = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            values[i] = set.labels()[indices[i]];
        }
        return manager.create(values);
    }

    /** The normalized values of the images at {@code indices}, B×C×H×W flattened. */
    public static float[] normalize(ImageSet set, int[] indices, Normalization normalization) {
        if (normalization.channels() != set.channels()) {
            throw new IllegalArgumentException("normalization has " + normalization.channels()
                    + " channels but " + set.name() + " has " + set.channels());
        }
        float[][] table = normalization.lookupTable();
        int plane = set.height() * set.width();
        int imageBytes = set.imageBytes();
        byte[] pixels = set.pixels();
        float[] values = new float[indices.length * imageBytes];
        for (int i = 0; i < indices.length; i++) {
            int source = indices[i] * imageBytes;
            int target = i * imageBytes;
            for (int c = 0; c < set.channels(); c++) {
                float[] channelTable = table[c];
                int offset = c * plane;
                for (int p = 0; p < plane; p++) {
                    values[target + offset + p] = channelTable[pixels[source + offset + p] & 0xff];
                }
            }
        }
        return values;
    }
}
