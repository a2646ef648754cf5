package org.losscape.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The data sets Losscape trains and evaluates on, by name: {@code cifar10} (see
 * {@link Cifar10} for the accepted locations) and {@code fashion-mnist} (a folder with the four
 * IDX files {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz}, as
 * Debian's {@code dataset-fashion-mnist} installs them under
 * {@code /usr/share/datasets/fashion-mnist}).
 */
public final class Datasets {

    public static final String CIFAR10 = Cifar10.NAME;
    public static final String FASHION_MNIST = "fashion-mnist";

    /** Every accepted name. */
    public static final List<String> NAMES = List.of(CIFAR10, FASHION_MNIST);

    private Datasets() {}

    /**
     * Reads one split of the named data set from {@code location}.
     *
     * @throws IllegalArgumentException for an unknown name (naming the field {@code dataset}) or
     *     a location without the expected files
     */
    public static ImageSet load(String name, Path location, Split split) {
        switch (checkName(name)) {
            case CIFAR10:
                return Cifar10.read(location, split);
            default:
                return fashionMnist(location, split);
        }
    }

    /** The normalization training uses for the named data set. */
    public static Normalization normalization(String name) {
        return checkName(name).equals(CIFAR10)
                ? Normalization.CIFAR10
                : Normalization.FASHION_MNIST;
    }

    /**
     * Returns {@code name} if it is a known data set.
     *
     * @throws IllegalArgumentException naming the field {@code dataset} otherwise
     */
    public static String checkName(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "dataset (" + name + ") must be one of " + String.join(", ", NAMES));
        }
        return name;
    }

    private static ImageSet fashionMnist(Path folder, Split split) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Fashion-MNIST location " + folder
                    + " is not a folder; expected the folder of the four IDX files");
        }
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = idxFile(folder, prefix + "-images-idx3-ubyte");
        Path labels = idxFile(folder, prefix + "-labels-idx1-ubyte");
        return Idx.read(FASHION_MNIST + "-" + split.id(), images, labels);
    }

    /** The raw file if present, otherwise its {@code .gz} (which Idx reports if missing). */
    private static Path idxFile(Path folder, String baseName) {
        Path raw = folder.resolve(baseName);
        return Files.isRegularFile(raw) ? raw : folder.resolve(baseName + ".gz");
    }
}
