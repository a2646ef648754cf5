package org.losscape.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reader of CIFAR-10 in the official binary layout (Krizhevsky, 2009).
 *
 * <p>Each record is 3,073 bytes: a label byte in [0, 10), then the 1,024 red, 1,024 green and
 * 1,024 blue bytes of a 32×32 image, each plane row-major. That is already the
 * {@link ImageSet} layout, so pixels are copied as they are.
 *
 * <p>The location may be a {@code cifar-10-batches-bin} folder, a folder containing one (or
 * containing {@code cifar-10-binary.tar.gz}), or the official {@code cifar-10-binary.tar.gz}
 * itself, which is streamed without unpacking it to disk. The training split is
 * {@code data_batch_1.bin}, {@code data_batch_2.bin}, … in that order, as many consecutive
 * batches as are present (so a copy holding only a part of the data loads too); the test split is
 * {@code test_batch.bin}. A missing first batch, a gap in the batch numbers, a file that is not a
 * whole number of records, or a label outside [0, 10) is rejected with a message that names the
 * path. {@link #check} applies the same rules to a whole copy without keeping its pixels, so
 * that a command can refuse a damaged copy before it starts the services that read it.
 */
public final class Cifar10 {

    /** The data set's name in configuration and messages. */
    public static final String NAME = "cifar10";

    /** The folder the official archive unpacks to. */
    public static final String FOLDER = "cifar-10-batches-bin";

    /** The official archive's file name. */
    public static final String ARCHIVE = "cifar-10-binary.tar.gz";

    static final int CHANNELS = 3;
    static final int SIDE = 32;
    static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    static final int TRAIN_BATCHES = 5;
    static final int CLASSES = 10;

    private static final String EXPECTED = "the official CIFAR-10 binary layout: a "
            + FOLDER + " folder (data_batch_1.bin … data_batch_5.bin, test_batch.bin), a folder"
            + " containing one, or " + ARCHIVE;

    private Cifar10() {}

    /**
     * Reads one split.
     *
     * @param location a {@code cifar-10-batches-bin} folder, a folder containing one, or the
     *     {@code .tar.gz} archive
     * @throws IllegalArgumentException if the location or a file in it does not hold the
     *     expected layout; the message names the path and what was expected
     * @throws UncheckedIOException if reading fails
     */
    public static ImageSet read(Path location, Split split) {
        Path source = resolve(location);
        try {
            if (Files.isDirectory(source)) {
                return readFolder(source, split);
            }
            return readArchive(source, split);
        } catch (IOException e) {
            throw new UncheckedIOException("reading CIFAR-10 " + split.id() + " from " + source
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The images each split of a copy holds, as {@link #check} counts them.
     *
     * @param train images of the training split, all its consecutive batches together
     * @param test images of {@code test_batch.bin}
     */
    public record Sizes(int train, int test) {}

    /**
     * Checks a whole copy by the rules of {@link #read}, for both splits, without keeping its
     * pixels: both splits present, training batches consecutive, every file a whole positive
     * number of records and every label in [0, 10). In a folder only the label byte of each
     * record is read (60,000 one-byte reads for the full data set); an archive is decompressed
     * once, since gzip cannot be skipped through.
     *
     * @param location as for {@link #read}
     * @return the images of each split
     * @throws IllegalArgumentException naming the file (or archive entry) and what is wrong
     * @throws UncheckedIOException if reading fails
     */
    public static Sizes check(Path location) {
        Path source = resolve(location);
        try {
            if (Files.isDirectory(source)) {
                return new Sizes(checkFolder(source, Split.TRAIN), checkFolder(source, Split.TEST));
            }
            return checkArchive(source);
        } catch (IOException e) {
            throw new UncheckedIOException("checking CIFAR-10 at " + source + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The batches folder or the archive that {@code location} stands for. */
    static Path resolve(Path location) {
        if (Files.isRegularFile(location)) {
            return location;
        }
        if (!Files.isDirectory(location)) {
            throw new IllegalArgumentException(
                    "CIFAR-10 location " + location + " does not exist; expected " + EXPECTED);
        }
        if (Files.exists(location.resolve(batchName(Split.TRAIN, 1)))
                || Files.exists(location.resolve(batchName(Split.TEST, 1)))) {
            return location;
        }
        if (Files.isDirectory(location.resolve(FOLDER))) {
            return location.resolve(FOLDER);
        }
        if (Files.isRegularFile(location.resolve(ARCHIVE))) {
            return location.resolve(ARCHIVE);
        }
        throw new IllegalArgumentException("CIFAR-10 location " + location
                + " holds neither batch files, nor a " + FOLDER + " folder, nor " + ARCHIVE
                + "; expected " + EXPECTED);
    }

    private static ImageSet readFolder(Path folder, Split split) throws IOException {
        List<ImageSet> batches = new ArrayList<>();
        for (Path file : batchFiles(folder, split)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                batches.add(readRecords(in, Files.size(file), file.toString()));
            }
        }
        return concat(split, batches);
    }

    /** The images of one split of a folder, checked label by label. */
    private static int checkFolder(Path folder, Split split) throws IOException {
        int count = 0;
        for (Path file : batchFiles(folder, split)) {
            count += checkFile(file);
        }
        return count;
    }

    /**
     * The files of {@code split} in {@code folder}, in batch order: the first must exist, and
     * the batches end at the first missing one with none after it.
     */
    private static List<Path> batchFiles(Path folder, Split split) {
        List<Path> files = new ArrayList<>();
        int batchCount = split == Split.TRAIN ? TRAIN_BATCHES : 1;
        for (int batch = 1; batch <= batchCount; batch++) {
            Path file = folder.resolve(batchName(split, batch));
            if (!Files.isRegularFile(file)) {
                checkNoLaterBatch(folder, split, batch, batchCount, file);
                break;
            }
            files.add(file);
        }
        return files;
    }

    /** The records of one batch file, after reading each record's label byte. */
    private static int checkFile(Path file) throws IOException {
        int count = recordCount(Files.size(file), file.toString());
        ByteBuffer label = ByteBuffer.allocate(1);
        try (FileChannel channel = FileChannel.open(file)) {
            for (int i = 0; i < count; i++) {
                label.clear();
                if (channel.read(label, (long) i * RECORD_BYTES) != 1) {
                    throw new IllegalArgumentException("CIFAR-10 file " + file
                            + " ends before its " + count + " records (truncated?)");
                }
                checkLabel(label.get(0) & 0xff, i, file.toString());
            }
        }
        return count;
    }

    private static void checkNoLaterBatch(
            Path folder, Split split, int missing, int batchCount, Path missingFile) {
        if (missing == 1) {
            throw new IllegalArgumentException("CIFAR-10 " + split.id() + " file " + missingFile
                    + " is missing; expected " + EXPECTED);
        }
        for (int later = missing + 1; later <= batchCount; later++) {
            if (Files.exists(folder.resolve(batchName(split, later)))) {
                throw new IllegalArgumentException("CIFAR-10 file " + missingFile
                        + " is missing although " + batchName(split, later)
                        + " exists; expected consecutive batches in " + EXPECTED);
            }
        }
    }

    private static ImageSet readArchive(Path archive, Split split) throws IOException {
        Map<Integer, ImageSet> batches = new HashMap<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream gzip = new GzipCompressorInputStream(file);
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                int batch = entry.isFile() ? batchNumber(split, fileName(entry.getName())) : 0;
                if (batch > 0) {
                    String source = archive + "!" + entry.getName();
                    batches.put(batch, readRecords(tar, entry.getSize(), source));
                }
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("CIFAR-10 archive " + archive
                    + " ends early (truncated download?); expected " + EXPECTED, e);
        }
        return concat(split, inOrder(archive, split, batches));
    }

    /** Both splits of an archive in one pass, reading each record's label byte. */
    private static Sizes checkArchive(Path archive) throws IOException {
        Map<Integer, Integer> train = new HashMap<>();
        Map<Integer, Integer> test = new HashMap<>();
        byte[] image = new byte[IMAGE_BYTES];
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream gzip = new GzipCompressorInputStream(file);
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.isFile() ? fileName(entry.getName()) : "";
                int trainBatch = batchNumber(Split.TRAIN, name);
                int testBatch = batchNumber(Split.TEST, name);
                if (trainBatch > 0 || testBatch > 0) {
                    String source = archive + "!" + entry.getName();
                    int count = recordCount(entry.getSize(), source);
                    DataInputStream data = new DataInputStream(tar);
                    for (int i = 0; i < count; i++) {
                        checkLabel(data.readUnsignedByte(), i, source);
                        data.readFully(image);
                    }
                    if (trainBatch > 0) {
                        train.put(trainBatch, count);
                    } else {
                        test.put(testBatch, count);
                    }
                }
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("CIFAR-10 archive " + archive
                    + " ends early (truncated download?); expected " + EXPECTED, e);
        }
        int trainImages = inOrder(archive, Split.TRAIN, train).stream()
                .mapToInt(Integer::intValue).sum();
        int testImages = inOrder(archive, Split.TEST, test).get(0);
        return new Sizes(trainImages, testImages);
    }

    /** The batches of {@code split} in batch order; fails on a missing first batch or a gap. */
    private static <T> List<T> inOrder(Path archive, Split split, Map<Integer, T> found) {
        List<T> batches = new ArrayList<>();
        for (int batch = 1; found.containsKey(batch); batch++) {
            batches.add(found.get(batch));
        }
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("CIFAR-10 archive " + archive + " has no "
                    + FOLDER + "/" + batchName(split, 1) + " entry; expected " + EXPECTED);
        }
        if (batches.size() != found.size()) {
            throw new IllegalArgumentException("CIFAR-10 archive " + archive + " lacks "
                    + batchName(split, batches.size() + 1) + " although later batches exist;"
                    + " expected consecutive batches in " + EXPECTED);
        }
        return batches;
    }

    /**
     * Reads {@code byteCount} bytes of records from {@code in}, which is left positioned after
     * them.
     */
    static ImageSet readRecords(InputStream in, long byteCount, String source)
            throws IOException {
        int count = recordCount(byteCount, source);
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] labels = new int[count];
        DataInputStream data = new DataInputStream(in);
        try {
            for (int i = 0; i < count; i++) {
                labels[i] = checkLabel(data.readUnsignedByte(), i, source);
                data.readFully(pixels, i * IMAGE_BYTES, IMAGE_BYTES);
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("CIFAR-10 file " + source + " ends before its "
                    + count + " records (truncated?)", e);
        }
        return new ImageSet(source, CHANNELS, SIDE, SIDE, pixels, labels);
    }

    /**
     * The records in a file of {@code byteCount} bytes.
     *
     * @throws IllegalArgumentException unless it is a whole positive number of records
     */
    private static int recordCount(long byteCount, String source) {
        if (byteCount <= 0 || byteCount % RECORD_BYTES != 0) {
            throw new IllegalArgumentException("CIFAR-10 file " + source + " has " + byteCount
                    + " bytes, not a whole positive number of " + RECORD_BYTES
                    + "-byte records (truncated or not the binary version?)");
        }
        return Math.toIntExact(byteCount / RECORD_BYTES);
    }

    /**
     * Returns {@code label}, the label byte of record {@code record} (0-based) of
     * {@code source}.
     *
     * @throws IllegalArgumentException unless it is in [0, 10)
     */
    private static int checkLabel(int label, int record, String source) {
        if (label >= CLASSES) {
            throw new IllegalArgumentException("CIFAR-10 file " + source + ": record " + record
                    + " has label " + label + ", outside [0, 10)");
        }
        return label;
    }

    private static ImageSet concat(Split split, List<ImageSet> batches) {
        String name = NAME + "-" + split.id();
        if (batches.size() == 1) {
            ImageSet only = batches.get(0);
            return new ImageSet(name, CHANNELS, SIDE, SIDE, only.pixels(), only.labels());
        }
        int count = batches.stream().mapToInt(ImageSet::size).sum();
        byte[] pixels = new byte[Math.multiplyExact(count, IMAGE_BYTES)];
        int[] labels = new int[count];
        int offset = 0;
        for (ImageSet batch : batches) {
            System.arraycopy(batch.pixels(), 0, pixels, offset * IMAGE_BYTES,
                    batch.pixels().length);
            System.arraycopy(batch.labels(), 0, labels, offset, batch.size());
            offset += batch.size();
        }
        return new ImageSet(name, CHANNELS, SIDE, SIDE, pixels, labels);
    }

    static String batchName(Split split, int batch) {
        return split == Split.TRAIN ? "data_batch_" + batch + ".bin" : "test_batch.bin";
    }

    /** The 1-based batch number of a file of {@code split}, or 0 if the file is not one. */
    private static int batchNumber(Split split, String fileName) {
        int batchCount = split == Split.TRAIN ? TRAIN_BATCHES : 1;
        for (int batch = 1; batch <= batchCount; batch++) {
            if (fileName.equals(batchName(split, batch))) {
                return batch;
            }
        }
        return 0;
    }

    private static String fileName(String entryName) {
        return entryName.substring(entryName.lastIndexOf('/') + 1);
    }
}
