package org.losscape.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where the data sets are ({@code losscape.data.*}). */
@ConfigMapping(prefix = "losscape.data")
public interface DataConfig {

    /**
     * CIFAR-10: a {@code cifar-10-batches-bin} folder, a folder containing one or the official
     * archive, or {@code cifar-10-binary.tar.gz} itself.
     */
    @WithDefault("/data")
    Path location();

    /** Fashion-MNIST: the folder of its four IDX files. */
    @WithDefault("/usr/share/datasets/fashion-mnist")
    Path fashionMnistLocation();
}
