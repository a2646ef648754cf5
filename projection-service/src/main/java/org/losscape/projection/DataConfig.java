package org.losscape.projection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;
import org.losscape.data.Datasets;

/**
 * Where the evaluation images are, under {@code losscape.data} (the keys the surface workers
 * read too): the projection service evaluates the checkpoints of a trajectory itself, for their
 * true loss on the PCA plane. When a data set is not there, those losses are NaN (a warning is
 * logged); nothing else needs the images.
 */
@ConfigMapping(prefix = "losscape.data")
public interface DataConfig {

    /**
     * CIFAR-10: a {@code cifar-10-batches-bin} folder, a folder holding one, or the
     * {@code .tar.gz}.
     */
    Optional<Path> location();

    /** Fashion-MNIST: the folder of its four IDX files (where Debian's package puts them). */
    @WithDefault("/usr/share/datasets/fashion-mnist")
    Path fashionMnistLocation();

    /** The location of the named data set, if configured. */
    default Optional<Path> locationOf(String dataset) {
        return Datasets.checkName(dataset).equals(Datasets.FASHION_MNIST)
                ? Optional.of(fashionMnistLocation())
                : location();
    }
}
