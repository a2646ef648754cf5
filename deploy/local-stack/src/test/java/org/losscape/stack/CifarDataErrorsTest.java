package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/** What the commands say when the CIFAR-10 they are given, or its download, is no good. */
class CifarDataErrorsTest {

    /** The full archive in the shared data sets; the root pom passes their folder on. */
    private static final Path DATASETS =
            Path.of(System.getProperty("losscape.datasets", "../../../shared/datasets"));
    private static final Path ARCHIVE = DATASETS.resolve("cifar-10-binary.tar.gz");
    private static final Path SUBSET = DATASETS.resolve("cifar-10-subset/cifar-10-batches-bin");
    private static final int RECORD_BYTES = 3073;

    @TempDir
    Path temp;

    @Test
    void sizes_truncatedArchive_sayItEndsEarly() throws IOException {
        Path truncated = temp.resolve("cifar-10-binary.tar.gz");
        try (InputStream in = Files.newInputStream(ARCHIVE)) {
            Files.write(truncated, in.readNBytes(200_000));
        }

        StackException error =
                assertThrows(StackException.class, () -> CifarSizes.of(truncated));

        assertTrue(error.getMessage().contains("ends early (truncated download?)"),
                error.getMessage());
    }

    /** The demo counted this copy as 325 images and started the stack; the trainer failed. */
    @Test
    void sizes_trainBatchCutTo1000000Bytes_refusedNamingTheFileAndItsSize() throws IOException {
        Path folder = copyOfSubset();
        Path file = folder.resolve("data_batch_1.bin");
        try (InputStream in = Files.newInputStream(SUBSET.resolve("data_batch_1.bin"))) {
            Files.write(file, in.readNBytes(1_000_000));
        }

        StackException error = assertThrows(StackException.class, () -> CifarSizes.of(folder));

        assertEquals("cannot use CIFAR-10 at " + folder + ": CIFAR-10 file " + file + " has"
                + " 1000000 bytes, not a whole positive number of 3073-byte records (truncated"
                + " or not the binary version?)", error.getMessage());
    }

    @Test
    void sizes_testLabel200_refusedNamingTheFileAndRecord() throws IOException {
        Path folder = copyOfSubset();
        Path file = folder.resolve("test_batch.bin");
        byte[] records = Files.readAllBytes(file);
        records[999 * RECORD_BYTES] = (byte) 200;
        Files.write(file, records);

        StackException error = assertThrows(StackException.class, () -> CifarSizes.of(folder));

        assertTrue(error.getMessage().endsWith("CIFAR-10 file " + file + ": record 999 has label"
                + " 200, outside [0, 10)"), error.getMessage());
    }

    /** This said "no CIFAR-10 batches (data_batch_*.bin, test_batch.bin) found". */
    @Test
    void sizes_folderWithoutTestBatch_namesTheMissingFile() throws IOException {
        Path folder = copyOfSubset();
        Files.delete(folder.resolve("test_batch.bin"));

        StackException error = assertThrows(StackException.class, () -> CifarSizes.of(folder));

        assertTrue(error.getMessage().contains(folder.resolve("test_batch.bin") + " is missing"),
                error.getMessage());
    }

    /**
     * The check comes before anything slow: here the checkout is not even built (the tests
     * run before packaging and without losscape.home), so a command that got past the data
     * would say so instead.
     */
    @Test
    void demoAndStack_damagedCopy_refusedWithinASecondNamingTheFile() throws IOException {
        Path folder = copyOfSubset();
        Path file = folder.resolve("data_batch_1.bin");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 1_000_000));
        Path workDir = temp.resolve("work");
        DemoCommand demo = parse(DemoCommand.class, "demo", "--cifar", folder.toString(),
                "--work-dir", workDir.toString());
        StackCommand stack = parse(StackCommand.class, "stack", "--cifar", folder.toString(),
                "--work-dir", workDir.toString());

        long start = System.nanoTime();
        StackException demoError = assertThrows(StackException.class, demo::call);
        double seconds = (System.nanoTime() - start) / 1e9;
        StackException stackError = assertThrows(StackException.class, stack::call);

        assertTrue(demoError.getMessage().contains(file + " has 1000000 bytes"),
                demoError.getMessage());
        assertTrue(stackError.getMessage().contains(file + " has 1000000 bytes"),
                stackError.getMessage());
        assertTrue(seconds < 1, "the demo took " + seconds + " s to refuse the copy");
        assertFalse(Files.exists(workDir), "nothing was started");
    }

    @Test
    void sizes_fileThatIsNoArchive_saysWhatIsExpected() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.txt"), "not CIFAR-10");

        StackException error = assertThrows(StackException.class, () -> CifarSizes.of(text));

        assertTrue(error.getMessage().startsWith("cannot read CIFAR-10 at " + text),
                error.getMessage());
        assertTrue(error.getMessage().contains("Expected the official binary version"),
                error.getMessage());
    }

    /** An empty --cifar was the current folder, and the error blamed that folder's files. */
    @Test
    void demoAndBench_emptyCifar_refusedSayingTheFlagIsEmpty() {
        DemoCommand demo = parse(DemoCommand.class, "demo", "--cifar", "",
                "--work-dir", temp.resolve("work").toString());
        BenchCommand bench = parse(BenchCommand.class, "bench", "--cifar", "");

        String demoMessage = assertThrows(StackException.class, demo::call).getMessage();
        String benchMessage = assertThrows(StackException.class, bench::call).getMessage();

        assertTrue(demoMessage.startsWith("--cifar is empty: give the path of CIFAR-10"),
                demoMessage);
        assertEquals(demoMessage, benchMessage);
    }

    @Test
    void bench_moreTrainingImagesThanTheCopyHolds_refusedNamingBothFlags() {
        BenchCommand bench = parse(BenchCommand.class, "bench", "--cifar", SUBSET.toString(),
                "--batch-size", "4096", "--train-steps", "10000");

        StackException error = assertThrows(StackException.class, bench::call);

        assertTrue(error.getMessage().startsWith("--batch-size × (3 + --train-steps) (4096 ×"
                + " 10003 = 40972288) must be at most "), error.getMessage());
        assertTrue(error.getMessage().endsWith("the training images of this CIFAR-10 copy:"
                + " lower either flag"), error.getMessage());
    }

    @Test
    void describe_downloadWithoutANameServer_saysTheHostIsUnknown() {
        ConnectException offline = new ConnectException();
        offline.initCause(new UnresolvedAddressException());

        assertEquals("the host www.cs.toronto.edu cannot be resolved (no Internet access here?)",
                CifarLocation.describe(offline));
        assertEquals("ConnectException (timed out)",
                CifarLocation.describe(new ConnectException("timed out")));
    }

    /** A writable copy of the exact subset's batches folder. */
    private Path copyOfSubset() throws IOException {
        Path folder = Files.createDirectory(temp.resolve("cifar-10-batches-bin"));
        for (String name : new String[] {"data_batch_1.bin", "test_batch.bin"}) {
            Files.copy(SUBSET.resolve(name), folder.resolve(name));
            folder.resolve(name).toFile().setWritable(true);
        }
        return folder;
    }

    private static <T> T parse(Class<T> type, String... args) {
        ParseResult result = LosscapeCommand.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }
}
