package org.losscape.training;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.losscape.data.ImageSet;
import org.losscape.data.Normalization;

/**
 * The standard CIFAR augmentation, seeded: pad each image with {@value #PADDING} zero pixels on
 * every side, crop a random H×W window of the padded image, flip it horizontally with
 * probability 1/2 and normalize it, as torchvision's {@code RandomCrop(32, padding=4)},
 * {@code RandomHorizontalFlip()}, {@code ToTensor()}, {@code Normalize(mean, std)}. Padding is
 * black before normalization, so it becomes {@code −mean/std} after it.
 */
final class Augmentation {

    static final int PADDING = 4;

    private final ImageSet images;
    private final float[][] table;

    Augmentation(ImageSet images, Normalization normalization) {
        this.images = images;
        this.table = normalization.lookupTable();
    }

    /** Normalized, augmented images at {@code indices}: B×C×H×W flattened. */
    float[] batch(int[] indices, SplittableRandom random) {
        int channels = images.channels();
        int height = images.height();
        int width = images.width();
        int imageBytes = images.imageBytes();
        float[] values = new float[indices.length * imageBytes];
        for (int i = 0; i < indices.length; i++) {
            int shiftY = random.nextInt(2 * PADDING + 1) - PADDING;
            int shiftX = random.nextInt(2 * PADDING + 1) - PADDING;
            boolean flip = random.nextBoolean();
            int source = indices[i] * imageBytes;
            int target = i * imageBytes;
            for (int c = 0; c < channels; c++) {
                float[] channelTable = table[c];
                float padValue = channelTable[0];
                for (int y = 0; y < height; y++) {
                    int sourceY = y + shiftY;
                    int row = target + (c * height + y) * width;
                    if (sourceY < 0 || sourceY >= height) {
                        Arrays.fill(values, row, row + width, padValue);
                        continue;
                    }
                    int sourceRow = source + (c * height + sourceY) * width;
                    for (int x = 0; x < width; x++) {
                        int croppedX = flip ? width - 1 - x : x;
                        int sourceX = croppedX + shiftX;
                        values[row + x] = sourceX < 0 || sourceX >= width
                                ? padValue
                                : channelTable[images.pixels()[sourceRow + sourceX] & 0xff];
                    }
                }
            }
        }
        return values;
    }
}
