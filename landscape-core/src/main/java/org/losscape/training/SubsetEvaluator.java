package org.losscape.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.stream.IntStream;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Normalization;

/**
 * Mean cross-entropy and accuracy of a block on a fixed image set, in eval mode (BatchNorm
 * uses and keeps its running statistics). Batches are normalized from the raw bytes as they
 * are needed, so a large set never sits in native memory whole. NaN and ∞ losses are returned
 * as they are.
 */
final class SubsetEvaluator {

    private final ImageSet images;
    private final Normalization normalization;
    private final int batchSize;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    SubsetEvaluator(ImageSet images, Normalization normalization, int batchSize) {
        this.images = images;
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    /** Mean loss in nats and accuracy in [0, 1] over every image of the set. */
    Measured evaluate(Block block, ParameterStore parameters, NDManager manager) {
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < images.size(); start += batchSize) {
            int end = Math.min(images.size(), start + batchSize);
            int[] indices = IntStream.range(start, end).toArray();
            try (NDManager batch = manager.newSubManager()) {
                NDArray x = batch.create(ImageTensors.normalize(images, indices, normalization),
                        new Shape(indices.length, images.channels(), images.height(),
                                images.width()));
                NDArray labels = ImageTensors.labels(images, indices, batch);
                NDArray logits = block.forward(parameters, new NDList(x),
                        /* training= */ false).singletonOrThrow();
                double meanLoss = loss.evaluate(new NDList(labels), new NDList(logits))
                        .getFloat();
                lossSum += meanLoss * indices.length;
                correct += logits.argMax(1).eq(labels).countNonzero().getLong();
            }
        }
        return new Measured(lossSum / images.size(), (double) correct / images.size());
    }

    /** Mean cross-entropy in nats and accuracy in [0, 1]. */
    record Measured(double loss, double accuracy) {}
}
