package org.losscape.surface;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** Tuning of a surface worker, under {@code losscape.surface}. */
@ConfigMapping(prefix = "losscape.surface")
public interface SurfaceConfig {

    /**
     * Images per forward pass. 128 to 256 ran fastest for ResNet-20 on CPU; larger batches
     * map large activations fresh on every pass and raise resident memory.
     */
    @WithDefault("128")
    int batchSize();

    /**
     * Surfaces kept loaded at once (model, checkpoint, directions and evaluation set each).
     * Two lets a worker move to the next surface while chunks of the previous one still
     * arrive.
     */
    @WithDefault("2")
    int cacheSize();

    /**
     * PyTorch intra-op threads of this worker; absent keeps the engine's default. Replicas,
     * not threads, are the way to use more machines.
     */
    OptionalInt evaluationThreads();
}
