package org.losscape.surface;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** Where the evaluation images are, under {@code losscape.data}. */
@ConfigMapping(prefix = "losscape.data")
public interface DataConfig {

    /**
     * The dataset's folder or archive as {@code Datasets.load} accepts it: for CIFAR-10 a
     * {@code cifar-10-batches-bin} folder, a folder holding one, or the {@code .tar.gz}.
     */
    Path location();
}
