package org.losscape.surface;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import org.jboss.logging.Logger;

/**
 * Checks at start what every chunk will need, so that a misconfigured worker fails to start
 * instead of sending every chunk it receives to the dead-letter topic: the PyTorch engine
 * (started here, with {@code losscape.surface.evaluation-threads} applied) and the evaluation
 * images at {@code losscape.data.location}.
 */
@ApplicationScoped
class WorkerStartup {

    private static final Logger LOG = Logger.getLogger(WorkerStartup.class);

    void onStart(@Observes StartupEvent event, SurfaceConfig config, DataConfig data) {
        if (!Files.exists(data.location())) {
            throw new IllegalStateException("losscape.data.location (" + data.location()
                    + ") does not exist; set it (or LOSSCAPE_DATA_LOCATION) to the dataset's"
                    + " folder or archive");
        }

        Engine engine = Engine.getInstance();
        config.evaluationThreads().ifPresent(threads -> {
            if (threads < 1) {
                throw new IllegalArgumentException(
                        "losscape.surface.evaluation-threads (" + threads + ") must be >= 1");
            }
            JniUtils.setNumThreads(threads);
        });
        LOG.infof("%s %s ready with %d evaluation threads; images from %s",
                engine.getEngineName(), engine.getVersion(), JniUtils.getNumThreads(),
                data.location());
    }
}
