package org.losscape.projection.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the object store is: the {@code losscape.storage.*} keys every service shares. */
@ConfigMapping(prefix = "losscape.storage")
public interface StorageConfig {

    /** S3 endpoint URL, for example {@code http://minio:9000}. */
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("losscape")
    String bucket();
}
