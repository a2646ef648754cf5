package org.losscape.viz.events;

/** One server-sent event: its name (the SSE {@code event:} field) and its JSON data. */
public record LiveEvent(String name, Object data) {}
