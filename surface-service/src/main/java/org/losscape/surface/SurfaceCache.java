package org.losscape.surface;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.losscape.messages.SurfacePlanned;

/**
 * The surfaces this worker holds loaded, at most {@code losscape.surface.cache-size}, keyed by
 * surface id; the least recently used one is closed when another must be loaded.
 *
 * <p>Work on a surface runs inside {@link #use} under the cache's lock, so a surface is never
 * closed while a point of it is being evaluated and the in-place weight writes of two chunks
 * never interleave. Chunks are consumed one at a time anyway; the lock makes that a property
 * of this class rather than of the messaging configuration. A plain access-ordered map is
 * used on purpose: a frequency-based cache may refuse the entry just loaded, and one that
 * evicts on another thread could close tensors in use (see docs/decisions.md).
 */
@ApplicationScoped
class SurfaceCache {

    private final int capacity;
    private final Map<String, LoadedSurface> surfaces = new LinkedHashMap<>(4, 0.75f, true);
    /** The map's size for readers that must not wait for a chunk to finish (metrics). */
    private final AtomicInteger held = new AtomicInteger();
    private final Counter loads;

    SurfaceCache(SurfaceConfig config, MeterRegistry registry) {
        if (config.cacheSize() < 1) {
            throw new IllegalArgumentException(
                    "losscape.surface.cache-size (" + config.cacheSize() + ") must be >= 1");
        }
        this.capacity = config.cacheSize();
        Gauge.builder("losscape.surface.cached", held, AtomicInteger::get)
                .description("surfaces held loaded by this worker")
                .register(registry);
        this.loads = Counter.builder("losscape.surface.loads")
                .description("surfaces loaded (checkpoint, directions and evaluation images"
                        + " read); once per surface while it stays cached")
                .register(registry);
    }

    /**
     * Runs {@code work} on the loaded surface of {@code plan}, loading it with {@code loader}
     * first if it is not held. The least recently used surface is closed before a load, to
     * keep at most {@code cache-size} surfaces in memory even while loading; a failed load
     * adds nothing and is not counted in {@code losscape.surface.loads}.
     */
    synchronized <T> T use(SurfacePlanned plan, Function<SurfacePlanned, LoadedSurface> loader,
            Function<LoadedSurface, T> work) {
        LoadedSurface surface = surfaces.get(plan.surfaceId());
        if (surface == null) {
            evictDownTo(capacity - 1);
            surface = loader.apply(plan);
            loads.increment();
            surfaces.put(plan.surfaceId(), surface);
            held.set(surfaces.size());
        }
        return work.apply(surface);
    }

    @PreDestroy
    synchronized void closeAll() {
        evictDownTo(0);
    }

    private void evictDownTo(int count) {
        Iterator<LoadedSurface> eldestFirst = surfaces.values().iterator();
        while (surfaces.size() > count) {
            LoadedSurface eldest = eldestFirst.next();
            eldestFirst.remove();
            held.set(surfaces.size());
            eldest.close();
        }
    }
}
