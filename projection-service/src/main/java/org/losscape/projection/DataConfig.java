package org.losscape.projection;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the evaluation images are, under {@code losscape.data}: the projection service
 * evaluates the checkpoints of a trajectory itself (their true loss on the PCA plane).
 */
@ConfigMapping(prefix = "losscape.data")
public interface DataConfig {

    /**
     * The dataset's folder or archive as {@code Datasets.load} accepts it: for CIFAR-10 a
     * {@code cifar-10-batches-bin} folder, a folder holding one, or the {@code .tar.gz}. When
     * absent or unreadable, trajectory points carry NaN losses (a warning is logged).
     */
    Optional<Path> location();
}
