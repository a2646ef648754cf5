package org.losscape.viz.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.function.Consumer;
import org.losscape.viz.VizConfig;
import org.losscape.viz.VizMetrics;

/**
 * Turns a live source into a server-sent event stream: a snapshot first, then every change,
 * with a heartbeat comment in between.
 *
 * <p>A source registers a listener and returns the snapshot; it must take the snapshot after
 * registering (or atomically with it), so that no change falls between the two. Changes that
 * arrive while the snapshot is being sent wait on a per-client lock and follow it. A client that
 * falls {@code losscape.viz.sse.buffer} events behind is disconnected; browsers reconnect and
 * start again from a new snapshot, so a slow client never holds unbounded memory here.
 */
@ApplicationScoped
public class SseStreams {

    /** What a source returns when a client subscribes. */
    public record Subscription(LiveEvent snapshot, Runnable cancel) {}

    /** A source of events: registers the listener and returns the snapshot. */
    @FunctionalInterface
    public interface Source {
        Subscription open(Consumer<LiveEvent> listener);
    }

    private final ObjectMapper mapper;
    private final VizConfig config;
    private final VizMetrics metrics;

    SseStreams(ObjectMapper mapper, VizConfig config, VizMetrics metrics) {
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
    }

    public Multi<OutboundSseEvent> stream(Sse sse, Source source) {
        Multi<OutboundSseEvent> changes =
                Multi.createFrom()
                        .<LiveEvent>emitter(
                                emitter -> {
                                    Object order = new Object();
                                    synchronized (order) {
                                        Subscription subscription =
                                                source.open(
                                                        event -> {
                                                            synchronized (order) {
                                                                emitter.emit(event);
                                                            }
                                                        });
                                        metrics.sseClientOpened();
                                        emitter.onTermination(
                                                () -> {
                                                    subscription.cancel().run();
                                                    metrics.sseClientClosed();
                                                });
                                        emitter.emit(subscription.snapshot());
                                    }
                                },
                                config.sse().buffer())
                        .map(event -> toSse(sse, event));

        Multi<OutboundSseEvent> heartbeats =
                Multi.createFrom()
                        .ticks()
                        .every(config.sse().heartbeat())
                        .onOverflow()
                        .drop()
                        .map(tick -> sse.newEventBuilder().comment("heartbeat").build());

        return Multi.createBy().merging().streams(changes, heartbeats);
    }

    /**
     * The event with its data as JSON text. No media type is set on the event: Quarkus REST
     * writes an explicit one as a {@code content-type:} line of the event, a field EventSource
     * ignores. The JSON type is declared once, with {@code @RestStreamElementType} on the
     * resource methods; the text is already JSON, so it is written unchanged.
     */
    private OutboundSseEvent toSse(Sse sse, LiveEvent event) {
        return sse.newEventBuilder()
                .name(event.name())
                .data(String.class, json(event.data()))
                .build();
    }

    private String json(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event data as JSON", e);
        }
    }
}
