package org.losscape.data;

import java.nio.file.Path;

/** Where the tests find the real CIFAR-10 copies (see shared/datasets/README.md). */
final class TestData {

    private TestData() {}

    static Path datasets() {
        String folder = System.getProperty("losscape.datasets", "../../shared/datasets");
        return Path.of(folder).toAbsolutePath().normalize();
    }

    /** The exact first 4,000 train and 1,000 test records, official order. */
    static Path subsetBatches() {
        return datasets().resolve("cifar-10-subset").resolve(Cifar10.FOLDER);
    }

    /** All 60,000 images in the official archive layout. */
    static Path archive() {
        return datasets().resolve(Cifar10.ARCHIVE);
    }
}
