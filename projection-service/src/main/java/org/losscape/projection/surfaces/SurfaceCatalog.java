package org.losscape.projection.surfaces;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.losscape.messages.SurfacePlanned;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;

/**
 * The planned surfaces, as stored in {@code surfaces/{id}/surface.json}. The object store is
 * the record (several replicas of the service may plan surfaces); documents once read are
 * kept in memory, as a surface's plan never changes.
 */
@ApplicationScoped
class SurfaceCatalog {

    private static final String SURFACE_FILE = "/surface.json";

    private final ObjectStore store;
    private final ConcurrentMap<String, SurfacePlanned> known = new ConcurrentHashMap<>();

    SurfaceCatalog(ObjectStore store) {
        this.store = store;
    }

    /** Stores the plan; from now on the surface exists for everyone. */
    void save(SurfacePlanned surface) {
        store.putJson(ObjectKeys.surface(surface.surfaceId()), surface);
        known.put(surface.surfaceId(), surface);
    }

    boolean exists(String surfaceId) {
        return known.containsKey(surfaceId) || store.exists(ObjectKeys.surface(surfaceId));
    }

    Optional<SurfacePlanned> find(String surfaceId) {
        SurfacePlanned surface = known.get(surfaceId);
        if (surface != null) {
            return Optional.of(surface);
        }
        String key = ObjectKeys.surface(surfaceId);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(known.computeIfAbsent(
                surfaceId, id -> store.getJson(key, SurfacePlanned.class)));
    }

    /** Every stored surface, newest first. */
    List<SurfacePlanned> all() {
        List<SurfacePlanned> surfaces = new ArrayList<>();
        for (String key : store.list(ObjectKeys.surfacesPrefix())) {
            if (key.endsWith(SURFACE_FILE)) {
                String id = key.substring(
                        ObjectKeys.surfacesPrefix().length(), key.length() - SURFACE_FILE.length());
                find(id).ifPresent(surfaces::add);
            }
        }
        surfaces.sort(Comparator.comparing(SurfacePlanned::createdAt).reversed());
        return surfaces;
    }
}
