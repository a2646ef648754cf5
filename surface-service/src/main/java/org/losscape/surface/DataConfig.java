package org.losscape.surface;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import org.losscape.data.Datasets;

/** Where the evaluation images are, under {@code losscape.data}. */
@ConfigMapping(prefix = "losscape.data")
public interface DataConfig {

    /**
     * CIFAR-10: a {@code cifar-10-batches-bin} folder, a folder holding one, or the
     * {@code .tar.gz}. Must exist when the worker starts.
     */
    Path location();

    /** Fashion-MNIST: the folder of its four IDX files (where Debian's package puts them). */
    @WithDefault("/usr/share/datasets/fashion-mnist")
    Path fashionMnistLocation();

    /** The location of the named data set; IllegalArgumentException for an unknown name. */
    default Path locationOf(String dataset) {
        return Datasets.checkName(dataset).equals(Datasets.FASHION_MNIST)
                ? fashionMnistLocation()
                : location();
    }
}
