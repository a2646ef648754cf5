package org.losscape.data;

import java.util.Arrays;

/**
 * Labelled images held as raw bytes: {@code pixels} is N×C×H×W in [0, 255], row-major per
 * channel plane, and {@code labels} holds N class indices in [0, 10).
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 */
public record ImageSet(String name, int channels, int height, int width, byte[] pixels,
        int[] labels) {

    public ImageSet {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape (" + channels + "×" + height + "×"
                    + width + ") must have every dimension ≥ 1");
        }
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels (" + pixels.length + " bytes) must hold "
                    + labels.length + " images of " + channels + "×" + height + "×" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    /** Bytes of one image, C·H·W. */
    public int imageBytes() {
        return channels * height * width;
    }

    /**
     * The first {@code n} images, in order: the fixed subsets that training and surface
     * evaluation use.
     *
     * @throws IllegalArgumentException if {@code n} is outside [1, size()]
     */
    public ImageSet first(int n) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException(
                    "n (" + n + ") must be in [1, " + size() + "], the images in " + name);
        }
        if (n == size()) {
            return this;
        }
        return new ImageSet(name, channels, height, width,
                Arrays.copyOf(pixels, n * imageBytes()), Arrays.copyOf(labels, n));
    }

    @Override
    public String toString() {
        return "ImageSet[" + name + ", " + size() + " × " + channels + "×" + height + "×" + width
                + "]";
    }
}
