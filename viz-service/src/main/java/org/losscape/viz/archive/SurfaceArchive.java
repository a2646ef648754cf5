package org.losscape.viz.archive;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.losscape.messages.SurfacePlanned;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.viz.VizConfig;
import org.losscape.viz.surfaces.SurfaceCompleted;
import org.losscape.viz.surfaces.SurfaceRegistry;
import org.losscape.viz.surfaces.SurfaceState;
import org.losscape.viz.surfaces.SurfaceValues;

/**
 * Completed surfaces in the object store: each one's values are written to
 * {@code surfaces/{id}/values.json} (a {@link SurfaceValues}) when its last point arrives, and
 * every archived surface is read back at start, beside the plan the projection service stored
 * at {@code surfaces/{id}/surface.json}. Kafka replay rebuilds what its retention still holds;
 * the archive keeps older surfaces (see docs/decisions.md).
 *
 * <p>The store is optional: when it cannot be reached the service runs on Kafka alone, with a
 * warning. Loading runs off the start thread; {@link ArchiveReadiness} reports it.
 */
@ApplicationScoped
public class SurfaceArchive {

    /** Where loading stands: pending, loading, loaded (with a count), failed or disabled. */
    public record Status(String state, int restored, String error) {

        boolean settled() {
            return !state.equals("pending") && !state.equals("loading");
        }
    }

    private static final Logger LOG = Logger.getLogger(SurfaceArchive.class);

    private static final String VALUES_FILE = "/values.json";

    private final VizConfig config;
    private final SurfaceRegistry registry;
    private final AtomicReference<Status> status =
            new AtomicReference<>(new Status("pending", 0, null));
    private volatile ObjectStore store;

    SurfaceArchive(VizConfig config, SurfaceRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.archive().enabled()) {
            status.set(new Status("disabled", 0, null));
            return;
        }
        status.set(new Status("loading", 0, null));
        Infrastructure.getDefaultWorkerPool().execute(this::loadAll);
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (store != null) {
            store.close();
        }
    }

    public Status status() {
        return status.get();
    }

    /** Writes a completed surface's values; a failure is logged and leaves Kafka as source. */
    void onCompleted(@ObservesAsync SurfaceCompleted completed) {
        if (!config.archive().enabled()) {
            return;
        }
        String id = completed.surfaceId();
        try {
            SurfaceValues values = registry.values(id).orElseThrow();
            store().putJson(ObjectKeys.surfaceValues(id), values);
        } catch (RuntimeException e) {
            LOG.warnf("could not archive the values of surface %s: %s", id, e.getMessage());
        }
    }

    void loadAll() {
        int restored = 0;
        try {
            List<String> keys = store().list(ObjectKeys.surfacesPrefix());
            for (String key : keys) {
                String id = surfaceIdOf(key);
                if (id != null && restore(id)) {
                    restored++;
                }
            }
            status.set(new Status("loaded", restored, null));
            if (restored > 0) {
                LOG.infof("read %d completed surfaces back from the archive", restored);
            }
        } catch (RuntimeException e) {
            status.set(new Status("failed", restored, e.getMessage()));
            LOG.warnf(
                    "could not read archived surfaces from %s; serving what Kafka holds: %s",
                    config.archive().endpoint(),
                    e.getMessage());
        }
    }

    /** The surface id of a values key, or null for any other key. */
    private static String surfaceIdOf(String key) {
        String prefix = ObjectKeys.surfacesPrefix();
        if (!key.startsWith(prefix) || !key.endsWith(VALUES_FILE)) {
            return null;
        }
        String id = key.substring(prefix.length(), key.length() - VALUES_FILE.length());
        return ObjectKeys.surfaceValues(id).equals(key) ? id : null;
    }

    private boolean restore(String id) {
        boolean alreadyComplete =
                registry.summary(id)
                        .filter(s -> s.state().equals(SurfaceState.COMPLETE.label()))
                        .isPresent();
        if (alreadyComplete) {
            return false;
        }

        try {
            SurfacePlanned plan = store().getJson(ObjectKeys.surface(id), SurfacePlanned.class);
            SurfaceValues values =
                    store().getJson(ObjectKeys.surfaceValues(id), SurfaceValues.class);
            registry.restore(plan, values);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("skipped archived surface %s: %s", id, e.getMessage());
            return false;
        }
    }

    private ObjectStore store() {
        if (store == null) {
            synchronized (this) {
                if (store == null) {
                    VizConfig.Archive archive = config.archive();
                    ObjectStore connected =
                            ObjectStore.connect(
                                    archive.endpoint(),
                                    archive.accessKey(),
                                    archive.secretKey(),
                                    archive.bucket());
                    connected.ensureBucket();
                    store = connected;
                }
            }
        }
        return store;
    }
}
