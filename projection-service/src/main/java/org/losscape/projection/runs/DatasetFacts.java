package org.losscape.projection.runs;

import org.losscape.data.Datasets;
import org.losscape.data.Split;

/**
 * Image shape and split sizes of the data sets, as published: the model is built for the shape,
 * and an evaluation set may hold at most a split's images.
 */
public record DatasetFacts(int channels, int height, int width, int trainSize, int testSize) {

    private static final DatasetFacts CIFAR10 = new DatasetFacts(3, 32, 32, 50_000, 10_000);
    private static final DatasetFacts FASHION_MNIST = new DatasetFacts(1, 28, 28, 60_000, 10_000);

    /**
     * The facts of a data set named as in {@link Datasets}.
     *
     * @throws IllegalArgumentException naming the field {@code dataset} for an unknown name
     */
    public static DatasetFacts of(String dataset) {
        return Datasets.checkName(dataset).equals(Datasets.CIFAR10) ? CIFAR10 : FASHION_MNIST;
    }

    public int size(Split split) {
        return split == Split.TRAIN ? trainSize : testSize;
    }

    public boolean sameImageShape(DatasetFacts other) {
        return channels == other.channels && height == other.height && width == other.width;
    }

    public String imageShape() {
        return channels + "×" + height + "×" + width;
    }
}
