package org.losscape.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    /** Float32 rounding of (b / 255 − mean) / std stays far below this. */
    private static final float TOLERANCE = 1e-5f;

    @Test
    void of_twoValuedChannels_meanAndPopulationStd() {
        // Channel 0 alternates 0 and 255 (mean 0.5, std 0.5); channel 1 is constant 51.
        byte[] pixels = {0, (byte) 255, 51, 51, (byte) 255, 0, 51, 51};
        ImageSet set = new ImageSet("two", 2, 1, 2, pixels, new int[] {0, 1});

        Normalization measured = Normalization.of(set);

        assertArrayEquals(new float[] {0.5f, 0.2f}, measured.mean(), TOLERANCE);
        assertArrayEquals(new float[] {0.5f, 1f}, measured.std(), TOLERANCE);
    }

    @Test
    void of_cifarSubset_closeToReferenceStatistics() {
        ImageSet train = Cifar10.read(TestData.subsetBatches(), Split.TRAIN);

        Normalization measured = Normalization.of(train);

        // 4,000 of the 50,000 images: the means agree to a few thousandths.
        assertArrayEquals(Normalization.CIFAR10.mean(), measured.mean(), 0.01f);
        assertArrayEquals(Normalization.CIFAR10.std(), measured.std(), 0.01f);
    }

    @Test
    void new_nonPositiveStd_rejectedNamingChannel() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Normalization(new float[] {0.5f, 0.5f}, new float[] {0.2f, 0f}));

        assertTrue(error.getMessage().startsWith("std[1] (0.0)"), error.getMessage());
    }

    @Test
    void images_cifarBatch_normalizedNchwFloat32() {
        ImageSet test = Cifar10.read(TestData.subsetBatches(), Split.TEST);
        int[] indices = {3, 0};

        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = ImageTensors.images(test, indices, Normalization.CIFAR10, manager);
            NDArray labels = ImageTensors.labels(test, indices, manager);

            assertEquals(new Shape(2, 3, 32, 32), images.getShape());
            assertEquals(DataType.FLOAT32, images.getDataType());
            assertEquals(DataType.INT64, labels.getDataType());
            assertArrayEquals(new long[] {0, 3}, labels.toLongArray());
            float[] values = images.toFloatArray();
            // Image 0 of the batch is record 3; its blue plane starts at 3 · 1024 + 2 · 1024.
            int blue = test.pixels()[3 * 3072 + 2 * 1024] & 0xff;
            assertEquals((blue / 255f - 0.4465f) / 0.2616f, values[2 * 1024], TOLERANCE);
            int red = test.pixels()[0] & 0xff;
            assertEquals((red / 255f - 0.4914f) / 0.2470f, values[3072], TOLERANCE);
        }
    }

    @Test
    void images_channelMismatch_rejected() {
        ImageSet grey = new ImageSet("grey", 1, 1, 1, new byte[] {1}, new int[] {0});

        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> ImageTensors.images(grey, Normalization.CIFAR10, manager));
        }
    }

    @Test
    void parse_splitNames_caseInsensitiveAndNamedError() {
        assertEquals(Split.TRAIN, Split.parse("Train"));
        assertEquals(Split.TEST, Split.parse("test"));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Split.parse("val"));

        assertEquals("split (val) must be train or test", error.getMessage());
    }

    @Test
    void load_unknownDataset_namesField() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load("cifar100", TestData.datasets(), Split.TRAIN));

        assertEquals("dataset (cifar100) must be one of cifar10, fashion-mnist",
                error.getMessage());
    }
}
