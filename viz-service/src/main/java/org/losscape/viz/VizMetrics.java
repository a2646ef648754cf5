package org.losscape.viz;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's Micrometer meters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code losscape.viz.points.received} [{@code losscape_viz_points_received_total}]:
 *       points newly stored in a surface;
 *   <li>{@code losscape.viz.points.duplicate}: points dropped because their index was already
 *       stored (a redelivered chunk);
 *   <li>{@code losscape.viz.points.rejected}, tag {@code reason}: points dropped because their
 *       index lies outside the grid or disagrees with (i, j) ({@code invalid}), or because too
 *       many points waited for an unknown surface ({@code pending-overflow});
 *   <li>{@code losscape.viz.points.pending}: points waiting for the plan of their surface;
 *   <li>{@code losscape.viz.surfaces.complete}: surfaces whose last point arrived;
 *   <li>{@code losscape.viz.sse.clients}: open server-sent event streams.
 * </ul>
 */
@ApplicationScoped
public class VizMetrics {

    private final Counter received;
    private final Counter duplicates;
    private final Counter invalid;
    private final Counter pendingOverflow;
    private final Counter surfacesComplete;
    private final AtomicInteger sseClients = new AtomicInteger();
    private final AtomicInteger pendingPoints = new AtomicInteger();

    VizMetrics(MeterRegistry registry) {
        received =
                Counter.builder("losscape.viz.points.received")
                        .description("points newly stored in a surface")
                        .register(registry);
        duplicates =
                Counter.builder("losscape.viz.points.duplicate")
                        .description("points dropped because their index was already stored")
                        .register(registry);
        invalid = rejected(registry, "invalid");
        pendingOverflow = rejected(registry, "pending-overflow");
        surfacesComplete =
                Counter.builder("losscape.viz.surfaces.complete")
                        .description("surfaces whose last point arrived")
                        .register(registry);
        Gauge.builder("losscape.viz.points.pending", pendingPoints, AtomicInteger::get)
                .description("points waiting for the plan of their surface")
                .register(registry);
        Gauge.builder("losscape.viz.sse.clients", sseClients, AtomicInteger::get)
                .description("open server-sent event streams")
                .register(registry);
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("losscape.viz.points.rejected")
                .description("points dropped as unusable")
                .tag("reason", reason)
                .register(registry);
    }

    public void pointsReceived(int count) {
        received.increment(count);
    }

    public void duplicatesDropped(int count) {
        duplicates.increment(count);
    }

    public void invalidDropped(int count) {
        invalid.increment(count);
    }

    public void pendingOverflowDropped(int count) {
        pendingOverflow.increment(count);
    }

    public void pendingPoints(int count) {
        pendingPoints.set(count);
    }

    public void surfaceCompleted() {
        surfacesComplete.increment();
    }

    public void sseClientOpened() {
        sseClients.incrementAndGet();
    }

    public void sseClientClosed() {
        sseClients.decrementAndGet();
    }

    /** Open server-sent event streams now. */
    public int sseClients() {
        return sseClients.get();
    }
}
