package org.losscape.projection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the projection service, under {@code losscape.projection}. */
@ConfigMapping(prefix = "losscape.projection")
public interface ProjectionConfig {

    /** What a request leaves out, and what an auto surface uses. */
    Defaults defaults();

    AutoSurface autoSurface();

    /** Defaults of {@code POST /interpolations}. */
    Interpolation interpolation();

    /** How long to wait for Kafka to acknowledge a surface's messages. */
    @WithDefault("60s")
    Duration publishTimeout();

    /** Defaults of a surface request. */
    interface Defaults {

        Range x();

        Range y();

        @WithDefault("1")
        long seed();

        /** {@code filter}, {@code layer} or {@code none}. */
        @WithDefault("filter")
        String normalization();

        @WithDefault("false")
        boolean includeBiasAndBatchNorm();

        /** {@code train} or {@code test}. */
        @WithDefault("train")
        String split();

        /** Images in the evaluation set. */
        @WithDefault("1000")
        int evalSize();

        /** Grid points per chunk message, 1 to {@code SurfaceChunk.MAX_POINTS} (1,000). */
        @WithDefault("8")
        int chunkSize();
    }

    /** One axis: {@code points} coordinates from {@code min} to {@code max}. */
    interface Range {

        @WithDefault("-1")
        double min();

        @WithDefault("1")
        double max();

        @WithDefault("21")
        int points();
    }

    /** Planning a surface of a run's final checkpoint when it is announced. */
    interface AutoSurface {

        /** For events that leave it open ({@code autoSurface} null); a run's choice wins. */
        @WithDefault("true")
        boolean enabled();
    }

    /** The interpolation f(α) = L(θ_A + α·(θ_B − θ_A)) between two solutions. */
    interface Interpolation {

        /** First α; below 0 shows the far side of solution A. */
        @WithDefault("-0.5")
        double alphaMin();

        /** Last α; above 1 shows the far side of solution B. */
        @WithDefault("1.5")
        double alphaMax();

        /** α values; 41 from -0.5 to 1.5 puts 0 and 1 on the grid (steps of 0.05). */
        @WithDefault("41")
        int alphaPoints();

        /** Training images of the train curve. */
        @WithDefault("1000")
        int trainSize();

        /** Test images of the test curve. */
        @WithDefault("1000")
        int testSize();
    }
}
