package org.losscape.viz.groups;

import java.time.Instant;
import java.util.List;

/**
 * A group of surfaces without values: an item of {@code GET /api/groups}.
 *
 * @param kind the members' kind, {@code mixed} if they differ
 * @param surfaceIds members in display order (see {@link GroupView})
 * @param state {@code planned}, {@code running} or {@code complete}, over all members' points
 * @param createdAt plan time of the newest member
 */
public record GroupSummary(
        String groupId,
        String kind,
        List<String> surfaceIds,
        String state,
        int pointsDone,
        int pointsTotal,
        Instant createdAt) {}
