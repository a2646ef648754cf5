package org.losscape.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of MNIST and Fashion-MNIST (LeCun et al.; Xiao et al., 2017): an
 * unsigned-byte image file of shape N×H×W and a label file of N bytes, each raw or gzip
 * compressed (recognised by its magic bytes, not its name).
 *
 * <p>IDX header: two zero bytes, a type byte ({@code 0x08} = unsigned byte), the number of
 * dimensions, then each dimension as a big-endian 32-bit integer. Images become one-channel
 * {@link ImageSet}s; labels must lie in [0, 10).
 */
public final class Idx {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int CLASSES = 10;

    private Idx() {}

    /**
     * Reads an image file and its label file, naming the set after the image file.
     *
     * @throws IllegalArgumentException if a file is missing, is not IDX unsigned-byte data of
     *     the expected rank, is truncated, or the counts disagree
     * @throws UncheckedIOException if reading fails
     */
    public static ImageSet read(Path images, Path labels) {
        return read(images.getFileName().toString(), images, labels);
    }

    /** As {@link #read(Path, Path)}, naming the set {@code name}. */
    public static ImageSet read(String name, Path images, Path labels) {
        int[][] dims = new int[1][];
        byte[] pixels = readArray(images, 3, dims);
        int[] imageDims = dims[0];
        byte[] labelBytes = readArray(labels, 1, dims);
        if (dims[0][0] != imageDims[0]) {
            throw new IllegalArgumentException("IDX label file " + labels + " holds " + dims[0][0]
                    + " labels but " + images + " holds " + imageDims[0] + " images");
        }
        int[] classes = new int[labelBytes.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = labelBytes[i] & 0xff;
            if (classes[i] >= CLASSES) {
                throw new IllegalArgumentException("IDX label file " + labels + ": label " + i
                        + " is " + classes[i] + ", outside [0, 10)");
            }
        }
        return new ImageSet(name, 1, imageDims[1], imageDims[2], pixels, classes);
    }

    /** The data of an unsigned-byte IDX file of {@code rank} dimensions; dims go to out[0]. */
    private static byte[] readArray(Path file, int rank, int[][] dimsOut) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("IDX file " + file + " is missing; expected an"
                    + " unsigned-byte IDX file of " + rank + " dimension(s), raw or .gz");
        }
        try (DataInputStream in = new DataInputStream(open(file))) {
            int zeros = in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int actualRank = in.readUnsignedByte();
            if (zeros != 0 || type != UNSIGNED_BYTE || actualRank != rank) {
                throw new IllegalArgumentException(String.format("IDX file %s has header"
                        + " %04x/%02x/%d; expected 0000/08 (unsigned byte)/%d dimension(s)",
                        file, zeros, type, actualRank, rank));
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = in.readInt();
                if (dims[d] < 1) {
                    throw new IllegalArgumentException("IDX file " + file + ": dimension " + d
                            + " is " + dims[d] + ", expected ≥ 1");
                }
                total *= dims[d];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("IDX file " + file + " holds " + total
                        + " bytes, more than one array can hold");
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            dimsOut[0] = dims;
            return data;
        } catch (EOFException e) {
            throw new IllegalArgumentException(
                    "IDX file " + file + " ends before the data its header announces (truncated?)",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading IDX file " + file + " failed", e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }
}
