package org.losscape.viz.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The feed behind {@code GET /api/events}: changes of the run and surface lists. Listeners are
 * called on the publishing thread and must not block. Thread-safe.
 */
@ApplicationScoped
public class LiveEvents {

    /** A run changed; data is its {@code RunDetail}. */
    public static final String RUN = "run";

    /** A surface was planned or progressed; data is its {@code SurfaceSummary}. */
    public static final String SURFACE = "surface";

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    private final Set<Consumer<LiveEvent>> listeners = ConcurrentHashMap.newKeySet();

    public void publish(String name, Object data) {
        LiveEvent event = new LiveEvent(name, data);
        for (Consumer<LiveEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warnf(e, "dropped a '%s' event for one client", name);
            }
        }
    }

    /** Adds {@code listener}; running the returned action removes it. */
    public Runnable subscribe(Consumer<LiveEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
