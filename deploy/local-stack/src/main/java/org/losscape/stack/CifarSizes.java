package org.losscape.stack;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.losscape.data.Cifar10;

/**
 * How many training and test images a CIFAR-10 location holds, counted from the sizes of its
 * batch files (3,073 bytes a record) without decoding them, so that the commands can fit
 * their sizes to a subset.
 */
record CifarSizes(int train, int test) {

    private static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    private static final String EXPECTED = "Expected the official binary version: the archive"
            + " cifar-10-binary.tar.gz, its cifar-10-batches-bin folder, or a folder holding"
            + " that folder.";

    /** Counts a {@code cifar-10-batches-bin} folder, a folder holding one, or the archive. */
    static CifarSizes of(Path location) {
        try {
            if (Files.isDirectory(location)) {
                Path folder = Files.isDirectory(location.resolve(Cifar10.FOLDER))
                        ? location.resolve(Cifar10.FOLDER)
                        : location;
                return ofFolder(folder);
            }
            return ofArchive(location);
        } catch (EOFException e) {
            throw new StackException("cannot read CIFAR-10 at " + location + ": it ends early"
                    + " (a truncated download?). " + EXPECTED, e);
        } catch (IOException e) {
            throw new StackException("cannot read CIFAR-10 at " + location + " ("
                    + e.getMessage() + "). " + EXPECTED, e);
        }
    }

    /**
     * The {@code requested} count, else {@code preferred}, at most {@code available}; says so
     * when a requested count is cut.
     */
    static int fit(String flag, Integer requested, int preferred, int available,
            Consumer<String> say) {
        int wanted = requested != null ? requested : preferred;
        if (wanted < 1) {
            throw new StackException(flag + " (" + wanted + ") must be >= 1");
        }
        if (wanted > available) {
            if (requested != null) {
                say.accept(flag + " " + requested + " is more than the " + available
                        + " images this copy holds; using " + available);
            }
            return available;
        }
        return wanted;
    }

    private static CifarSizes ofFolder(Path folder) throws IOException {
        long train = 0;
        long test = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (isTrainBatch(name)) {
                    train += Files.size(file);
                } else if (name.equals("test_batch.bin")) {
                    test += Files.size(file);
                }
            }
        }
        return checked(train, test, folder);
    }

    private static CifarSizes ofArchive(Path archive) throws IOException {
        long train = 0;
        long test = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar =
                        new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null;
                    entry = tar.getNextEntry()) {
                String name = Path.of(entry.getName()).getFileName().toString();
                if (isTrainBatch(name)) {
                    train += entry.getSize();
                } else if (name.equals("test_batch.bin")) {
                    test += entry.getSize();
                }
            }
        }
        return checked(train, test, archive);
    }

    private static boolean isTrainBatch(String name) {
        return name.startsWith("data_batch_") && name.endsWith(".bin");
    }

    private static CifarSizes checked(long trainBytes, long testBytes, Path location) {
        if (trainBytes == 0 || testBytes == 0) {
            throw new StackException("no CIFAR-10 batches (data_batch_*.bin, test_batch.bin)"
                    + " found at " + location + "\n" + CifarLocation.remedy(
                            CifarLocation.defaultCache()));
        }
        return new CifarSizes(
                (int) (trainBytes / RECORD_BYTES), (int) (testBytes / RECORD_BYTES));
    }
}
