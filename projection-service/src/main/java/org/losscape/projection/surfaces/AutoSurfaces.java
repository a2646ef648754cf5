package org.losscape.projection.surfaces;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.losscape.messages.CheckpointEvent;
import org.losscape.projection.runs.Run;
import org.losscape.projection.runs.RunIndex;

/**
 * Plans one surface, with the default settings, of each run's final checkpoint. The surface id
 * is derived from run and epoch ({@link #surfaceId}), and a surface whose {@code surface.json}
 * exists is not planned again, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class AutoSurfaces {

    private final RunIndex runs;
    private final PlanValidator validator;
    private final SurfaceCatalog catalog;
    private final SurfacePlanner planner;

    AutoSurfaces(RunIndex runs, PlanValidator validator, SurfaceCatalog catalog,
            SurfacePlanner planner) {
        this.runs = runs;
        this.validator = validator;
        this.catalog = catalog;
        this.planner = planner;
    }

    /** The id of the auto surface of {@code runId} at {@code epoch}. */
    public static String surfaceId(String runId, int epoch) {
        return String.format("auto-%s-epoch-%04d", runId, epoch);
    }

    /**
     * Plans the auto surface of the checkpoint {@code event} announces, unless it exists.
     * Failures are logged and dropped: a missing auto surface can still be requested by hand.
     */
    void planFor(CheckpointEvent event) {
        String surfaceId = surfaceId(event.runId(), event.epoch());
        try {
            if (catalog.exists(surfaceId)) {
                return;
            }
            Run run = runs.find(event.runId(), event.epoch()).orElseThrow(() ->
                    new IllegalStateException("run " + event.runId() + " is not known"));
            planner.plan(validator.defaultsFor(run, event.epoch()), surfaceId, "auto");
        } catch (RuntimeException e) {
            Log.warnf(e, "auto surface %s of run %s epoch %d was not planned: %s",
                    surfaceId, event.runId(), event.epoch(), e.getMessage());
        }
    }
}
