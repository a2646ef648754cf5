package org.losscape.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {

    private static final int[] FIRST_TRAIN_LABELS = {6, 9, 9, 4, 1, 1, 2, 7, 8, 3};
    private static final int[] FIRST_TEST_LABELS = {3, 8, 8, 0, 6, 6, 1, 6, 3, 1};
    private static final int RECORD = Cifar10.RECORD_BYTES;

    @TempDir
    Path temp;

    @Test
    void read_subsetBatchesFolder_officialFirstLabelsAndSizes() {
        ImageSet train = Cifar10.read(TestData.subsetBatches(), Split.TRAIN);
        ImageSet test = Cifar10.read(TestData.subsetBatches(), Split.TEST);

        assertEquals(4000, train.size());
        assertEquals(1000, test.size());
        assertArrayEquals(FIRST_TRAIN_LABELS, Arrays.copyOf(train.labels(), 10));
        assertArrayEquals(FIRST_TEST_LABELS, Arrays.copyOf(test.labels(), 10));
        assertEquals("cifar10-train", train.name());
        assertEquals(3 * 32 * 32, train.imageBytes());
    }

    @Test
    void read_subsetClassCounts_matchReadme() {
        ImageSet train = Cifar10.read(TestData.subsetBatches(), Split.TRAIN);

        assertArrayEquals(new int[] {396, 366, 420, 384, 422, 393, 414, 385, 407, 413},
                classCounts(train));
    }

    @Test
    void read_folderContainingBatchesFolder_sameImagesAsBatchesFolder() {
        ImageSet direct = Cifar10.read(TestData.subsetBatches(), Split.TEST);
        ImageSet parent = Cifar10.read(TestData.subsetBatches().getParent(), Split.TEST);

        assertArrayEquals(direct.labels(), parent.labels());
        assertArrayEquals(direct.pixels(), parent.pixels());
    }

    @Test
    void read_smallArchive_sameRecordsAsFolder() throws IOException {
        ImageSet folder = Cifar10.read(TestData.subsetBatches(), Split.TRAIN).first(25);
        byte[] train = Arrays.copyOf(readBatch("data_batch_1.bin"), 25 * RECORD);
        byte[] test = Arrays.copyOf(readBatch("test_batch.bin"), 7 * RECORD);
        Path archive = temp.resolve("cifar-10-binary.tar.gz");
        // Entries in an order other than the batch order: the reader must not depend on it.
        writeArchive(archive, new String[] {"test_batch.bin", "data_batch_2.bin",
            "data_batch_1.bin"}, test, train, train);

        ImageSet fromArchive = Cifar10.read(archive, Split.TRAIN);
        ImageSet testFromArchive = Cifar10.read(temp, Split.TEST);

        assertEquals(50, fromArchive.size());
        assertArrayEquals(folder.pixels(), Arrays.copyOf(fromArchive.pixels(), 25 * 3072));
        assertArrayEquals(folder.labels(), Arrays.copyOf(fromArchive.labels(), 25));
        assertEquals(7, testFromArchive.size());
        assertArrayEquals(Arrays.copyOf(FIRST_TEST_LABELS, 7), testFromArchive.labels());
    }

    @Test
    void read_officialArchive_fullSizesOfficialOrderAndNearExactPixels() {
        ImageSet subsetTrain = Cifar10.read(TestData.subsetBatches(), Split.TRAIN);
        ImageSet subsetTest = Cifar10.read(TestData.subsetBatches(), Split.TEST);

        ImageSet train = Cifar10.read(TestData.archive(), Split.TRAIN);
        ImageSet test = Cifar10.read(TestData.archive(), Split.TEST);

        assertEquals(50_000, train.size());
        assertEquals(10_000, test.size());
        assertArrayEquals(FIRST_TRAIN_LABELS, Arrays.copyOf(train.labels(), 10));
        assertArrayEquals(FIRST_TEST_LABELS, Arrays.copyOf(test.labels(), 10));
        assertArrayEquals(subsetTest.labels(), Arrays.copyOf(test.labels(), 1000));
        int[] balanced = new int[10];
        Arrays.fill(balanced, 5000);
        assertArrayEquals(balanced, classCounts(train));
        // The archive's pixels went through JPEG (README: mean error about 5.8/255 per image,
        // worst image about 13/255), so the same images agree to within 16/255 on average.
        assertTrue(meanAbsoluteDifference(subsetTrain.first(100), train.first(100)) < 16,
                "first 100 train images differ from the exact subset by more than 16/255");
    }

    @Test
    void read_truncatedBatchFile_rejectedNamingPath() throws IOException {
        Path folder = Files.createDirectory(temp.resolve(Cifar10.FOLDER));
        byte[] records = readBatch("test_batch.bin");
        Path file = folder.resolve("test_batch.bin");
        Files.write(file, Arrays.copyOf(records, 3 * RECORD + 1000));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.read(temp, Split.TEST));

        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("3073-byte records"), error.getMessage());
    }

    @Test
    void read_truncatedArchive_rejectedNamingPath() throws IOException {
        Path archive = temp.resolve("cut.tar.gz");
        byte[] records = Arrays.copyOf(readBatch("test_batch.bin"), 200 * RECORD);
        writeArchive(archive, new String[] {"test_batch.bin"}, records);
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.read(archive, Split.TEST));

        assertTrue(error.getMessage().contains(archive.toString()), error.getMessage());
    }

    @Test
    void read_missingLocation_namesPathAndExpectedLayout() {
        Path missing = temp.resolve("nowhere");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.read(missing, Split.TRAIN));

        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("data_batch_1.bin"), error.getMessage());
    }

    @Test
    void read_folderWithoutTrainBatches_namesMissingFile() throws IOException {
        Path folder = Files.createDirectory(temp.resolve(Cifar10.FOLDER));
        Files.write(folder.resolve("test_batch.bin"), readBatch("test_batch.bin"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.read(folder, Split.TRAIN));

        assertTrue(error.getMessage().contains(folder.resolve("data_batch_1.bin").toString()),
                error.getMessage());
    }

    @Test
    void read_gapInBatchNumbers_rejected() throws IOException {
        byte[] records = Arrays.copyOf(readBatch("data_batch_1.bin"), 2 * RECORD);
        Files.write(temp.resolve("data_batch_1.bin"), records);
        Files.write(temp.resolve("data_batch_3.bin"), records);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.read(temp, Split.TRAIN));

        assertTrue(error.getMessage().contains("data_batch_2.bin"), error.getMessage());
    }

    @Test
    void read_labelOutOfRange_rejectedNamingRecord() throws IOException {
        byte[] records = Arrays.copyOf(readBatch("test_batch.bin"), 2 * RECORD);
        records[RECORD] = 42;
        Files.write(temp.resolve("test_batch.bin"), records);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.read(temp, Split.TEST));

        assertTrue(error.getMessage().contains("record 1 has label 42"), error.getMessage());
    }

    @Test
    void check_subsetFolder_countsBothSplits() {
        assertEquals(new Cifar10.Sizes(4000, 1000), Cifar10.check(TestData.subsetBatches()));
        assertEquals(new Cifar10.Sizes(4000, 1000),
                Cifar10.check(TestData.subsetBatches().getParent()));
    }

    @Test
    void check_officialArchive_countsBothSplits() {
        assertEquals(new Cifar10.Sizes(50_000, 10_000), Cifar10.check(TestData.archive()));
    }

    /** A copy whose first batch was cut to 1,000,000 bytes was counted as 325 images. */
    @Test
    void check_trainBatchCutShort_namesFileAndItsSize() throws IOException {
        Path folder = copyOfSubset();
        Path file = folder.resolve("data_batch_1.bin");
        Files.write(file, Arrays.copyOf(readBatch("data_batch_1.bin"), 1_000_000));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.check(folder));

        assertEquals("CIFAR-10 file " + file + " has 1000000 bytes, not a whole positive"
                + " number of 3073-byte records (truncated or not the binary version?)",
                error.getMessage());
    }

    @Test
    void check_testLabelOutOfRange_namesFileRecordAndLabel() throws IOException {
        Path folder = copyOfSubset();
        Path file = folder.resolve("test_batch.bin");
        byte[] records = readBatch("test_batch.bin");
        records[517 * RECORD] = (byte) 200;
        Files.write(file, records);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.check(folder));

        assertEquals("CIFAR-10 file " + file + ": record 517 has label 200, outside [0, 10)",
                error.getMessage());
    }

    @Test
    void check_folderWithoutTestBatch_namesTheMissingFile() throws IOException {
        Path folder = copyOfSubset();
        Files.delete(folder.resolve("test_batch.bin"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.check(folder));

        assertTrue(error.getMessage().startsWith("CIFAR-10 test file "
                + folder.resolve("test_batch.bin") + " is missing"), error.getMessage());
    }

    @Test
    void check_archiveWithBadLabel_namesEntryAndRecord() throws IOException {
        byte[] train = Arrays.copyOf(readBatch("data_batch_1.bin"), 4 * RECORD);
        byte[] test = Arrays.copyOf(readBatch("test_batch.bin"), 3 * RECORD);
        train[3 * RECORD] = 10;
        Path archive = temp.resolve(Cifar10.ARCHIVE);
        writeArchive(archive, new String[] {"data_batch_1.bin", "test_batch.bin"}, train, test);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.check(archive));

        assertEquals("CIFAR-10 file " + archive + "!" + Cifar10.FOLDER + "/data_batch_1.bin:"
                + " record 3 has label 10, outside [0, 10)", error.getMessage());
    }

    @Test
    void check_archiveWithoutTestBatch_namesTheMissingEntry() throws IOException {
        byte[] train = Arrays.copyOf(readBatch("data_batch_1.bin"), 4 * RECORD);
        Path archive = temp.resolve(Cifar10.ARCHIVE);
        writeArchive(archive, new String[] {"data_batch_1.bin"}, train);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.check(archive));

        assertTrue(error.getMessage().contains("has no " + Cifar10.FOLDER + "/test_batch.bin"
                + " entry"), error.getMessage());
    }

    @Test
    void check_archiveCutShort_saysItEndsEarly() throws IOException {
        byte[] train = Arrays.copyOf(readBatch("data_batch_1.bin"), 400 * RECORD);
        byte[] test = Arrays.copyOf(readBatch("test_batch.bin"), 200 * RECORD);
        Path archive = temp.resolve(Cifar10.ARCHIVE);
        writeArchive(archive, new String[] {"data_batch_1.bin", "test_batch.bin"}, train, test);
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.check(archive));

        assertTrue(error.getMessage().startsWith("CIFAR-10 archive " + archive
                + " ends early (truncated download?)"), error.getMessage());
    }

    @Test
    void first_outOfRange_namesFieldAndRange() {
        ImageSet test = Cifar10.read(TestData.subsetBatches(), Split.TEST);

        IllegalArgumentException tooMany =
                assertThrows(IllegalArgumentException.class, () -> test.first(1001));
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> test.first(0));

        assertEquals("n (1001) must be in [1, 1000], the images in cifar10-test",
                tooMany.getMessage());
        assertTrue(none.getMessage().startsWith("n (0)"), none.getMessage());
        assertArrayEquals(FIRST_TEST_LABELS, test.first(10).labels());
    }

    /** A writable copy of the subset's batches folder in {@link #temp}. */
    private Path copyOfSubset() throws IOException {
        Path folder = Files.createDirectory(temp.resolve(Cifar10.FOLDER));
        for (String name : new String[] {"data_batch_1.bin", "test_batch.bin"}) {
            Files.write(folder.resolve(name), readBatch(name));
        }
        return folder;
    }

    private static byte[] readBatch(String name) throws IOException {
        return Files.readAllBytes(TestData.subsetBatches().resolve(name));
    }

    private static void writeArchive(Path archive, String[] names, byte[]... contents)
            throws IOException {
        try (OutputStream file = Files.newOutputStream(archive);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (int i = 0; i < names.length; i++) {
                TarArchiveEntry entry = new TarArchiveEntry(Cifar10.FOLDER + "/" + names[i]);
                entry.setSize(contents[i].length);
                tar.putArchiveEntry(entry);
                tar.write(contents[i]);
                tar.closeArchiveEntry();
            }
        }
    }

    private static int[] classCounts(ImageSet set) {
        int[] counts = new int[10];
        for (int label : set.labels()) {
            counts[label]++;
        }
        return counts;
    }

    private static double meanAbsoluteDifference(ImageSet a, ImageSet b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        return (double) sum / a.pixels().length;
    }
}
