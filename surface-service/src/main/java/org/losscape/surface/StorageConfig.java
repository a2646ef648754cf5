package org.losscape.surface;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The object store holding checkpoints and directions, under {@code losscape.storage}. */
@ConfigMapping(prefix = "losscape.storage")
public interface StorageConfig {

    /** S3 endpoint URL, e.g. {@code http://minio:9000}. */
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("losscape")
    String bucket();
}
