package org.losscape.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The S3 object store that receives checkpoints and run documents ({@code losscape.storage.*}). */
@ConfigMapping(prefix = "losscape.storage")
public interface StorageConfig {

    /** For example {@code http://minio:9000}. */
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("losscape")
    String bucket();
}
