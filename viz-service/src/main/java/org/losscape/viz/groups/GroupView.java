package org.losscape.viz.groups;

import java.util.List;
import org.losscape.viz.surfaces.SurfaceSnapshot;

/**
 * A group of surfaces planned together, with every member's values: the body of
 * {@code GET /api/groups/{groupId}}.
 *
 * @param kind the members' kind ({@code interpolation}, {@code line}, {@code plane} or
 *     {@code pca}); {@code mixed} if they differ
 * @param state {@code planned}, {@code running} or {@code complete}, over all members' points
 * @param surfaces members in display order: training split before test split, then by plan
 *     time, direction seed and id; each with its summary and its values (see
 *     {@code SurfaceValues})
 */
public record GroupView(
        String groupId,
        String kind,
        String state,
        int pointsDone,
        int pointsTotal,
        List<SurfaceSnapshot> surfaces) {}
