package org.losscape.data;

/**
 * Labelled images held as raw bytes: {@code pixels} is N×C×H×W in [0, 255], row-major per
 * channel plane, and {@code labels} holds N class indices in [0, 10).
 */
public record ImageSet(String name, int channels, int height, int width, byte[] pixels,
        int[] labels) {

    public int size() {
        return labels.length;
    }
}
