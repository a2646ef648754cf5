package org.losscape.data;

import java.util.Arrays;

/**
 * Per-channel normalization x' = (x / 255 − mean[c]) / std[c] of pixel bytes, as torchvision's
 * {@code ToTensor} followed by {@code Normalize(mean, std)}. Means and standard deviations are
 * on the [0, 1] scale, one per channel.
 */
public record Normalization(float[] mean, float[] std) {

    /**
     * CIFAR-10's training-set statistics as the reference loss-landscape code uses them
     * (Li et al., 2018).
     */
    public static final Normalization CIFAR10 = new Normalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    /** Fashion-MNIST's training-set statistics (60,000 images). */
    public static final Normalization FASHION_MNIST =
            new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean (" + mean.length + " channels) and std ("
                    + std.length + " channels) must have the same, positive length");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("std[" + c + "] (" + std[c] + ") must be"
                        + " finite and > 0, mean[" + c + "] (" + mean[c] + ") finite");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * The statistics of {@code images} itself: per-channel mean and population standard
     * deviation over all pixels. A constant channel gets std 1 so that it maps to 0.
     */
    public static Normalization of(ImageSet images) {
        int channels = images.channels();
        int plane = images.height() * images.width();
        double[] sum = new double[channels];
        double[] sumOfSquares = new double[channels];
        byte[] pixels = images.pixels();
        for (int offset = 0; offset < pixels.length; offset++) {
            int channel = (offset / plane) % channels;
            double value = (pixels[offset] & 0xff) / 255.0;
            sum[channel] += value;
            sumOfSquares[channel] += value * value;
        }
        double count = (double) images.size() * plane;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            double variance = Math.max(0, sumOfSquares[c] / count - m * m);
            mean[c] = (float) m;
            std[c] = variance > 0 ? (float) Math.sqrt(variance) : 1f;
        }
        return new Normalization(mean, std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    public int channels() {
        return mean.length;
    }

    /**
     * A lookup table: entry {@code [c][b]} is the normalized value of byte {@code b} (0–255)
     * in channel {@code c}.
     */
    public float[][] lookupTable() {
        float[][] table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int b = 0; b < 256; b++) {
                table[c][b] = (b / 255f - mean[c]) / std[c];
            }
        }
        return table;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Normalization n
                && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std)
                + "]";
    }
}
