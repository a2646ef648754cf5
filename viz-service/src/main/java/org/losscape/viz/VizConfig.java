package org.losscape.viz;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the viz service, under {@code losscape.viz}. */
@ConfigMapping(prefix = "losscape.viz")
public interface VizConfig {

    /**
     * Most points kept for surfaces whose {@code SurfacePlanned} has not arrived yet. Values can
     * overtake their plan (different topics); past this bound further early values are dropped
     * with a warning and come back only on a replay.
     */
    @WithDefault("2000000")
    int pendingPointsLimit();

    /** Server-sent event streams. */
    Sse sse();

    /** The archive of completed surfaces in the object store. */
    Archive archive();

    /** Server-sent event streams. */
    interface Sse {

        /** Interval of the comment line that keeps idle connections open through proxies. */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * Events queued for one slow client before its stream is closed; the browser then
         * reconnects and starts again from a fresh snapshot.
         */
        @WithDefault("2048")
        int buffer();
    }

    /** The archive of completed surfaces in the object store. */
    interface Archive {

        /**
         * Whether completed surfaces are written to {@code surfaces/{id}/values.json} and read
         * back at start.
         */
        @WithDefault("true")
        boolean enabled();

        /** S3 endpoint URL, for example {@code http://minio:9000}. */
        @WithDefault("http://localhost:9000")
        String endpoint();

        @WithDefault("losscape")
        String accessKey();

        @WithDefault("losscape-secret")
        String secretKey();

        @WithDefault("losscape")
        String bucket();
    }
}
