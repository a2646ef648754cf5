package org.losscape.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path temp;

    @Test
    void read_rawFiles_imagesAndLabelsInOrder() throws IOException {
        byte[] pixels = pixels(3, 4, 5);
        Path images = write("images", false, idx(pixels, 3, 4, 5));
        Path labels = write("labels", false, idx(new byte[] {7, 0, 9}, 3));

        ImageSet set = Idx.read(images, labels);

        assertEquals(3, set.size());
        assertEquals(1, set.channels());
        assertEquals(4, set.height());
        assertEquals(5, set.width());
        assertArrayEquals(pixels, set.pixels());
        assertArrayEquals(new int[] {7, 0, 9}, set.labels());
    }

    @Test
    void read_gzipFiles_sameAsRaw() throws IOException {
        byte[] pixels = pixels(2, 3, 3);
        Path images = write("images.gz", true, idx(pixels, 2, 3, 3));
        Path labels = write("labels.gz", true, idx(new byte[] {1, 2}, 2));

        ImageSet set = Idx.read("tiny", images, labels);

        assertEquals("tiny", set.name());
        assertArrayEquals(pixels, set.pixels());
        assertArrayEquals(new int[] {1, 2}, set.labels());
    }

    @Test
    void read_truncatedImages_rejectedNamingPath() throws IOException {
        byte[] whole = idx(pixels(3, 4, 5), 3, 4, 5);
        Path images = write("images", false, Arrays.copyOf(whole, whole.length - 7));
        Path labels = write("labels", false, idx(new byte[] {1, 2, 3}, 3));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Idx.read(images, labels));

        assertTrue(error.getMessage().contains(images.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void read_countsDisagree_rejected() throws IOException {
        Path images = write("images", false, idx(pixels(3, 2, 2), 3, 2, 2));
        Path labels = write("labels", false, idx(new byte[] {1, 2}, 2));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Idx.read(images, labels));

        assertTrue(error.getMessage().contains("2 labels"), error.getMessage());
    }

    @Test
    void read_labelFileGivenAsImages_rejectedByHeader() throws IOException {
        Path labels = write("labels", false, idx(new byte[] {1, 2}, 2));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Idx.read(labels, labels));

        assertTrue(error.getMessage().contains("3 dimension(s)"), error.getMessage());
    }

    @Test
    void read_missingFile_namesPath() {
        Path missing = temp.resolve("train-images-idx3-ubyte.gz");

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Idx.read(missing, missing));

        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    /** Fails without the package rather than skipping, which would let the build pass. */
    @Test
    void load_debianFashionMnist_officialSizes() {
        assertTrue(Files.isDirectory(FASHION_MNIST), FASHION_MNIST + " is missing: install"
                + " Debian's dataset-fashion-mnist (.ci/run installs it)");

        ImageSet train = Datasets.load(Datasets.FASHION_MNIST, FASHION_MNIST, Split.TRAIN);
        ImageSet test = Datasets.load(Datasets.FASHION_MNIST, FASHION_MNIST, Split.TEST);

        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.height());
        // Fashion-MNIST's first training labels: ankle boot, T-shirt, T-shirt, dress, T-shirt.
        assertArrayEquals(new int[] {9, 0, 0, 3, 0}, Arrays.copyOf(train.labels(), 5));
        Normalization measured = Normalization.of(train);
        assertEquals(Normalization.FASHION_MNIST.mean()[0], measured.mean()[0], 1e-3);
        assertEquals(Normalization.FASHION_MNIST.std()[0], measured.std()[0], 1e-3);
    }

    private Path write(String name, boolean gzip, byte[] content) throws IOException {
        Path file = temp.resolve(name);
        try (OutputStream out = gzip
                ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    private static byte[] idx(byte[] data, int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0);
        out.writeByte(0x08);
        out.writeByte(dims.length);
        for (int dim : dims) {
            out.writeInt(dim);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private static byte[] pixels(int count, int height, int width) {
        byte[] pixels = new byte[count * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37 + 11);
        }
        return pixels;
    }
}
