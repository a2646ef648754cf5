package org.losscape.viz.events;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.losscape.viz.runs.RunIndex;
import org.losscape.viz.surfaces.SurfaceRegistry;

/**
 * {@code GET /api/events}: server-sent events that keep a run and surface list current. First
 * {@code snapshot} (a {@link LiveSnapshot}), then {@code run} (a {@code RunDetail}) whenever a
 * checkpoint or the end of a run arrives and {@code surface} (a {@code SurfaceSummary})
 * whenever a surface is planned or gains points.
 */
@Path("/api/events")
public class EventsResource {

    private static final String SNAPSHOT_EVENT = "snapshot";

    private final LiveEvents events;
    private final RunIndex runs;
    private final SurfaceRegistry surfaces;
    private final SseStreams streams;

    EventsResource(
            LiveEvents events, RunIndex runs, SurfaceRegistry surfaces, SseStreams streams) {
        this.events = events;
        this.runs = runs;
        this.surfaces = surfaces;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        return streams.stream(
                sse,
                listener -> {
                    Runnable cancel = events.subscribe(listener);
                    LiveSnapshot snapshot =
                            new LiveSnapshot(runs.details(), surfaces.summaries());
                    return new SseStreams.Subscription(
                            new LiveEvent(SNAPSHOT_EVENT, snapshot), cancel);
                });
    }
}
